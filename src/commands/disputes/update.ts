// `payctl disputes update DP`: evidence from flags (`--evidence key=value`, `--evidence-file key=PATH`),
// `--draft` to save without submitting, `--submit` to send a saved draft; with nothing given on a
// terminal, the guided answer asks for the fields Stripe recommends for the dispute's reason.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { disputesSpec as spec } from './fields.js';
import { EVIDENCE_FIELDS } from '../../dispute-evidence.js';
import { UsageError } from '../../errors.js';

interface DisputeUpdateFlags extends RequestFlagValues {
  evidence?: string[];
  evidenceFile?: string[];
  draft?: boolean;
  submit?: boolean;
  metadata?: string[];
}

/** `key=value` pairs for evidence fields; an unknown key is a usage error that lists the known ones. */
function splitPair(value: string, flag: string, what: string): [string, string] {
  const i = value.indexOf('=');
  if (i <= 0) throw new UsageError(`invalid ${flag} "${value}": use key=${what}, e.g. ${flag} uncategorized_text=${what === 'PATH' ? 'notes.txt' : '"Signed for on delivery"'}`);
  const key = value.slice(0, i);
  if (!(EVIDENCE_FIELDS as readonly string[]).includes(key)) {
    throw new UsageError(`unknown evidence field "${key}" in ${flag}: use one of ${EVIDENCE_FIELDS.join(', ')}`);
  }
  return [key, value.slice(i + 1)];
}

/** Reads the evidence flags, files included; every problem is reported before any request. */
export async function evidenceFromFlags(o: Pick<DisputeUpdateFlags, 'evidence' | 'evidenceFile'>): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (const v of o.evidence ?? []) {
    const [k, text] = splitPair(v, '--evidence', 'value');
    out[k] = text;
  }
  if ((o.evidenceFile ?? []).length > 0) {
    const { readFile } = await import('node:fs/promises');
    for (const v of o.evidenceFile ?? []) {
      const [k, path] = splitPair(v, '--evidence-file', 'PATH');
      try {
        out[k] = (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot read --evidence-file ${k}=${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable')}`);
      }
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function addDisputeUpdateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('update')
    .description('answer a dispute with evidence (submitted at once unless --draft); guided on a terminal when no flags are given')
    .argument('<id>', 'dispute id')
    .option('--evidence <key=value>', 'an evidence field, e.g. customer_name="Ada Lovelace" (repeatable)', collect)
    .option('--evidence-file <key=PATH>', 'an evidence field read from a text file, for long text (repeatable)', collect)
    .option('--draft', 'save the evidence without submitting it (submit later with --submit)')
    .option('--submit', 'submit the evidence saved so far (needed only after --draft)')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, [
    'payctl disputes update dp_123',
    'payctl disputes update dp_123 --evidence customer_name="Ada Lovelace" --evidence shipping_tracking_number=1Z999',
    'payctl disputes update dp_123 --evidence-file uncategorized_text=letter.txt --draft',
    'payctl disputes update dp_123 --submit',
  ]);
  cmd.action(async (disputeId: string, o: DisputeUpdateFlags) => {
    checkId(disputeId, spec);
    if (o.draft && o.submit) throw new UsageError('use only one of --draft and --submit');
    const evidence = await evidenceFromFlags(o);
    const metadata = parseMetadataFlags(o.metadata);
    const given = evidence !== undefined || metadata !== undefined || o.submit || (o.data ?? []).length > 0;
    if (!given) {
      if (!ctx.f.io.canPrompt || !ctx.globals().input) {
        throw new UsageError('nothing to update: give --evidence key=value, --evidence-file key=PATH, --submit, --metadata or -d (on a terminal, run it with no flags for a guided answer)');
      }
      const { guidedAnswer } = await import('./guided.js');
      const plan = await guidedAnswer(ctx, disputeId, { draft: o.draft === true });
      const params = await requestParams(o, { evidence: plan.evidence, submit: !o.draft });
      await runMutation(ctx, { method: 'POST', path: `${spec.path}/${disputeId}`, params, summary: plan.summary, idempotencyKey: o.idempotencyKey }, spec.detail);
      return;
    }
    // Evidence is submitted unless --draft; Stripe's default is to submit, said explicitly here.
    const submit = o.draft ? false : evidence !== undefined || o.submit ? true : undefined;
    const params = await requestParams(o, { evidence, metadata, submit });
    const count = evidence ? Object.keys(evidence).length : 0;
    const summary =
      submit === true
        ? `submit ${count > 0 ? `${count} evidence field${count === 1 ? '' : 's'}` : 'the saved evidence'} for dispute ${disputeId} (submitted evidence is final)`
        : submit === false
          ? `save ${count} evidence field${count === 1 ? '' : 's'} as a draft on dispute ${disputeId}`
          : `update dispute ${disputeId}`;
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${disputeId}`, params, summary, idempotencyKey: o.idempotencyKey }, spec.detail);
  });
  return cmd;
}
