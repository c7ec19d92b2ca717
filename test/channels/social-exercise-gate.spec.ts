import { loadConfig } from '../../src/config/app-config';
import { EXERCISE_MARKING } from '../../src/domain/messages/exercise-marking';
import { ChannelsService } from '../../src/modules/channels/channels.service';
import { CardFixture } from './card-fixture';
import { outbound } from './outbound';
import { AllPeers, BSKY_DRILL_DID, BSKY_REAL_DID, IG_DRILL_USER, IG_REAL_USER, MASTODON_DRILL_ACCOUNT, MASTODON_REAL_ACCOUNT } from './peers-env';

const SOCIAL = ['instagram', 'mastodon', 'bluesky'] as const;

/** Invariant 4 for Instagram, Mastodon and Bluesky, through the one service every caller uses, against their peers. */
describe('the exercise gate on Instagram, Mastodon and Bluesky', () => {
  let peers: AllPeers;
  let card: CardFixture;
  let withDrillAccounts: ChannelsService;
  let withoutDrillAccounts: ChannelsService;

  beforeAll(async () => {
    card = await new CardFixture().start();
  });
  afterAll(() => card.stop());
  beforeEach(async () => {
    peers = await new AllPeers().start();
    withDrillAccounts = new ChannelsService(loadConfig(peers.env({ exerciseAccounts: true })));
    withoutDrillAccounts = new ChannelsService(loadConfig(peers.env({ exerciseAccounts: false })));
  });
  afterEach(async () => {
    withDrillAccounts.onApplicationShutdown();
    withoutDrillAccounts.onApplicationShutdown();
    await peers.stop();
  });

  const realPosts = () => [peers.instagram.mediaOf(IG_REAL_USER).length, peers.mastodon.statusesOf(MASTODON_REAL_ACCOUNT).length, peers.bluesky.postsOf(BSKY_REAL_DID).length];
  const drillPosts = () => [peers.instagram.mediaOf(IG_DRILL_USER).length, peers.mastodon.statusesOf(MASTODON_DRILL_ACCOUNT).length, peers.bluesky.postsOf(BSKY_DRILL_DID).length];

  it.each(SOCIAL)('exercise %s post without an exercise account: sandboxed, no provider asked anything', async (channel) => {
    const outcome = await withoutDrillAccounts.send(outbound({ channel, exercise: true, card: card.card }));
    expect(outcome).toEqual({ kind: 'sandboxed', reason: expect.stringContaining("pas de compte d'exercice") });
    expect(peers.nothingReceived()).toBe(true);
  });

  it('exercise posts with exercise accounts: on the exercise accounts only, marked, with the card; the real accounts get nothing', async () => {
    const outcomes = await Promise.all(SOCIAL.map((channel) => withDrillAccounts.send(outbound({ channel, exercise: true, card: card.card }))));
    expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'sent']);
    expect(drillPosts()).toEqual([1, 1, 1]);
    expect(realPosts()).toEqual([0, 0, 0]);
    expect(peers.instagram.media[0].caption).toContain(EXERCISE_MARKING);
    expect(peers.mastodon.statuses[0].text).toContain(EXERCISE_MARKING);
    expect(peers.bluesky.posts[0].record.text).toContain(EXERCISE_MARKING);
  });

  it.each(SOCIAL)('an exercise %s message without the marking is refused, and nothing leaves', async (channel) => {
    const m = outbound({ channel, exercise: true, card: card.card });
    const outcome = await withDrillAccounts.send({ ...m, text: m.text.split(EXERCISE_MARKING).join('') });
    expect(outcome).toEqual({ kind: 'permanent', reason: expect.stringContaining('sans la mention') });
    expect(peers.nothingReceived()).toBe(true);
  });

  it('real posts go to the real accounts, never to the exercise accounts; markers are looked for on the account the post went to', async () => {
    const real = SOCIAL.map((channel) => outbound({ channel, card: card.card }));
    const drill = SOCIAL.map((channel) => outbound({ channel, exercise: true, card: card.card }));
    expect((await Promise.all([...real, ...drill].map((m) => withDrillAccounts.send(m)))).map((o) => o.kind)).toEqual(Array(6).fill('sent'));
    expect(realPosts()).toEqual([1, 1, 1]);
    expect(drillPosts()).toEqual([1, 1, 1]);
    for (const [i, channel] of SOCIAL.entries()) {
      expect(await withDrillAccounts.findByMarker(channel, real[i].marker, false)).not.toBeNull();
      expect(await withDrillAccounts.findByMarker(channel, real[i].marker, true)).toBeNull();
      expect(await withDrillAccounts.findByMarker(channel, drill[i].marker, true)).not.toBeNull();
      expect(await withoutDrillAccounts.findByMarker(channel, drill[i].marker, true)).toBeNull();
    }
  });
});
