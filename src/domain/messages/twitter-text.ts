import Module from 'node:module';
import type { parseTweet as ParseTweet } from 'twitter-text';

type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

/**
 * twitter-text 3 as the app uses it, without its core-js 2 polyfills. They are
 * for old browsers and do harm on Node: their feature tests set `constructor`
 * on a RegExp, which turns V8's RegExp fast paths off for the whole process,
 * and they wrap String.prototype.split, replace and match. Once twitter-text
 * was loaded, every split by a RegExp in the process ran 17 times slower and
 * every replace 9 times (measured), nodemailer's, TypeORM's and pino's
 * included; a CSV of 35,000 lines split by line held 130 MB it never gave back.
 * Node has everything they polyfill: their requires (side effects only, none
 * reads an export) get an empty module while twitter-text loads.
 */
function loadWithoutPolyfills(): { parseTweet: typeof ParseTweet } {
  const loader = Module as unknown as Loader;
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    return request.startsWith('core-js/') ? {} : load.call(this, request, parent, isMain);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the hook above, not hoisted as an import would be
    return require('twitter-text') as { parseTweet: typeof ParseTweet };
  } finally {
    loader._load = load;
  }
}

export const { parseTweet } = loadWithoutPolyfills();
