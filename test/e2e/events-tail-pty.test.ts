// `payctl events tail` in an 80-column terminal: the header and every event stay one row each
// (a long line ends in '…' instead of wrapping under the next column).
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { ptySession } from '../helpers/pty.js';
import { cleanEnv, runBin } from '../helpers/spawn.js';
import { displayWidth } from '../../src/output/text.js';

describe('events tail at 80 columns', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());

  it('fits the header and each event line in the terminal width', async () => {
    const cus = await runBin(['customers', 'create', '--email', 'ada@example.com'], env);
    const cusId = JSON.parse(cus.stdout).id;
    const pi = await runBin(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cusId, '--payment-method', 'pm_card_visa', '--confirm'], env);
    const piId = JSON.parse(pi.stdout).id;
    const s = ptySession(['events', 'tail', '--since', '1h', '--type', 'payment_intent.*', '--interval', '100ms'], env, { cols: 80 });
    await s.waitFor('payment_intent.succeeded');
    s.type('\x03');
    expect(await s.exited).toBe(0);
    const lines = s.screen().split(/\r?\n/).map((l) => l.replace(/\r/g, ''));
    const header = lines.find((l) => l.startsWith('TIME'));
    expect(header).toMatch(/^TIME\s+TYPE\s+OBJECT\s+SUMMARY$/);
    const events = lines.filter((l) => l.includes(piId));
    expect(events).toHaveLength(2);
    for (const line of [header!, ...events]) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(events[1]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d  payment_intent\\.succeeded\\s+${piId}\\s+20\\.00 USD…$`));
  }, 30_000);
});
