// The markdown section of test/bench/report.md for the bulk benchmark (bulk.mjs), shared with run.mjs.

/** The report section (markdown lines). */
export function section(r) {
  const c4 = r.bulk.find((b) => b.concurrency === 4);
  const out = [
    '## Bulk refunds from a file',
    '',
    `${r.rows} refunds (half full, half 5.00) from one CSV against \`payctl sandbox serve\` on loopback, one run each, results file and history journal on; node ${r.node}.`,
    '',
    '| how | rows | seconds | rows/s | peak RSS (MiB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.bulk.map((b) => `| \`refunds create --from-csv\` --concurrency ${b.concurrency} | ${r.rows} | ${b.seconds.toFixed(2)} | ${b.rows_per_s.toFixed(0)} | ${b.peak_rss_mib.toFixed(1)} |`),
    ...r.loops.map((l) => `| ${l.name}, one process per row | ${l.rows} (→ ${r.rows}: ${l.seconds_for_rows_extrapolated.toFixed(0)} s extrapolated) | ${l.seconds.toFixed(2)} | ${l.rows_per_s.toFixed(1)} | — |`),
    '',
  ];
  if (c4) {
    out.push(`Goal: ${r.rows} rows in under 10 s at concurrency 4 → **${c4.seconds.toFixed(2)} s**.`);
    for (const l of r.loops) out.push(`vs ${l.name}: **${(l.seconds_for_rows_extrapolated / c4.seconds).toFixed(0)}×** faster (loop timed on ${l.rows} rows, scaled linearly to ${r.rows}).`);
    out.push('');
  }
  return out;
}
