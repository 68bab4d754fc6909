// esbuild plugins used only for the startup snapshot's bundle (scripts/build.mjs).
import { readFileSync } from 'node:fs';

/** The module state of undici's client-h1.js that holds its llhttp parser. */
const PARSER_STATE = ['llhttpInstance', 'currentParser', 'currentBufferRef', 'currentBufferSize', 'currentBufferPtr'];

/**
 * client-h1.js's source with a reset of its parser state appended as `__payctlForgetParser`, which
 * scripts/snapshot-warm-http.ts calls after its warm-up request; undefined when the source no longer
 * declares that state (another undici: the warm-up then skips the request).
 */
export function withParserReset(source) {
  if (!PARSER_STATE.every((name) => new RegExp(`^let ${name} = `, 'm').test(source))) return undefined;
  return `${source}\nmodule.exports.__payctlForgetParser = () => { llhttpInstance = null; currentParser = null; currentBufferRef = null; currentBufferSize = 0; currentBufferPtr = null }\n`;
}

/** Lets the snapshot's warm-up make undici forget the stand-in HTTP parser it used. */
export const forgettableParserForSnapshot = {
  name: 'forgettable-parser-for-snapshot',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h1\.js$/ }, (args) => {
      const contents = withParserReset(readFileSync(args.path, 'utf8'));
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
  },
};
