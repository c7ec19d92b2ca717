import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const DIST = join(__dirname, '../../dist/src');

// Run in a process of its own: a test worker's globals are shared by every file it runs.
function inFreshNode(script: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' }));
}

const TEXTS = [
  'Crue de la Moselle à Épinal : évitez les berges.',
  'Feu de forêt 🔥 massif de la Vologne, suivez https://www.vosges.gouv.fr/crise et #Vosges @Prefet88',
  '洪水警報 — 河川の氾濫に注意してください',
  'é'.repeat(281),
  'x'.repeat(280),
  'Invalid \uFFFE character',
];

describe('twitter-text without its core-js polyfills', () => {
  it('loads no core-js module with the whole app, so that V8 keeps its RegExp fast paths', () => {
    const loaded = inFreshNode(`require(${JSON.stringify(join(DIST, 'app.module.js'))}); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('/node_modules/core-js/'))))`);
    expect(loaded).toEqual([]);
  });

  it('counts every text as twitter-text with its polyfills does', () => {
    const [ours, polyfilled] = inFreshNode(`
      const texts = ${JSON.stringify(TEXTS)};
      const { parseTweet } = require(${JSON.stringify(join(DIST, 'domain/messages/twitter-text.js'))});
      const ours = texts.map((t) => parseTweet(t));
      for (const k of Object.keys(require.cache)) if (k.includes('/node_modules/twitter-text/')) delete require.cache[k];
      const polyfilled = texts.map((t) => require('twitter-text').parseTweet(t));
      if (!Object.keys(require.cache).some((k) => k.includes('/node_modules/core-js/'))) throw new Error('the polyfilled twitter-text did not load core-js');
      console.log(JSON.stringify([ours, polyfilled]));
    `) as unknown[][];
    expect(ours).toEqual(polyfilled);
    // And the counts are X's: a Latin letter weighs 1, an accented one too, a CJK character 2, a link 23.
    const lengths = ours.map((p) => (p as { weightedLength: number }).weightedLength);
    expect([lengths[0], lengths[3], lengths[4]]).toEqual([48, 281, 280]);
    expect(lengths[2]).toBeGreaterThan(TEXTS[2].length);
  });
});
