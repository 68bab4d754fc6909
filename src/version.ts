// payctl's own version, sent in User-Agent and printed by `payctl --version`: package.json is the
// one source (bin/payctl.js reads it directly for the --version fast path).
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
