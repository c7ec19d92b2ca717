import { BlueskyAdapter, linkFacets } from '../../src/modules/channels/bluesky.adapter';
import { BlueskyPeer } from '../peers/bluesky-peer';
import { CardFixture } from './card-fixture';
import { outbound } from './outbound';

const DID = 'did:plc:prefet88aaaaaaaaaaaaaaaa';

describe('Bluesky adapter against a local PDS (AT Protocol)', () => {
  let peer: BlueskyPeer;
  let adapter: BlueskyAdapter;
  let card: CardFixture;

  beforeAll(async () => {
    card = await new CardFixture().start();
  });
  afterAll(() => card.stop());
  beforeEach(async () => {
    peer = await new BlueskyPeer({ 'prefet88.bsky.social': { did: DID, appPassword: 'abcd-efgh-ijkl-mnop' } }).start();
    adapter = new BlueskyAdapter({ serviceUrl: peer.url, identifier: 'prefet88.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' }, 1_000);
  });
  afterEach(() => peer.stop());

  it('opens a session, uploads the card as a blob, creates the post with the image embed and its alt; the session is kept for the next post', async () => {
    const m = outbound({ channel: 'bluesky', card: card.card, text: 'Crue à Épinal : https://crise.example.org/public/events/1 [PREF88-B1-1405]', marker: '[PREF88-B1-1405]' });
    const outcome = await adapter.send(m);
    const [post] = peer.postsOf(DID);
    const rkey = post.uri.split('/').pop();
    expect(outcome).toEqual({ kind: 'sent', proof: { postId: post.uri, url: `https://bsky.app/profile/${DID}/post/${rkey}`, card: 'attached' } });
    expect(post.record.text).toBe(m.text);
    expect(post.record.langs).toEqual(['fr']);
    expect(post.record.embed?.images).toEqual([
      { alt: card.card.alt, image: expect.objectContaining({ ref: { $link: peer.blobs[0].cid }, mimeType: 'image/png' }), aspectRatio: { width: 1200, height: 675 } },
    ]);
    expect(peer.blobs[0].bytes.equals(card.png)).toBe(true);
    // The link is a facet, in UTF-8 bytes ("à" and "É" take two each).
    expect(post.record.facets).toEqual([{ index: { byteStart: 18, byteEnd: 59 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://crise.example.org/public/events/1' }] }]);
    await adapter.send(outbound({ channel: 'bluesky' }));
    expect(peer.sessionsCreated).toBe(1);
  });

  it('an expired access token gets a new session and the call again, once', async () => {
    await adapter.send(outbound({ channel: 'bluesky' }));
    peer.expireNextToken();
    expect((await adapter.send(outbound({ channel: 'bluesky' }))).kind).toBe('sent');
    expect(peer.sessionsCreated).toBe(2);
    expect(peer.postsOf(DID)).toHaveLength(2);
  });

  it('rate limit: 429 is temporary, retried at Retry-After, nothing published', async () => {
    peer.failures.rateLimitNext(45);
    const before = Date.now();
    const outcome = await adapter.send(outbound({ channel: 'bluesky', card: card.card }));
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('Bluesky rate limit'), retryAt: expect.any(Date) });
    const retryAt = (outcome as { retryAt: Date }).retryAt.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 44_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 45_000);
    expect(peer.posts).toHaveLength(0);
  });

  it('duplicate: the bulletin already in the account’s records (an earlier attempt) is found by its marker, and an absent one is null', async () => {
    const m = outbound({ channel: 'bluesky' });
    await adapter.send(m);
    expect(await adapter.findByMarker(m.marker)).toEqual({ id: peer.posts[0].uri, url: expect.stringContaining(`https://bsky.app/profile/${DID}/post/`) });
    expect(await adapter.findByMarker('[PREF88-B999-0000]')).toBeNull();
  });

  it('timeout after createRecord: unknown, then found by its marker — nothing to post again', async () => {
    peer.failures.hangNext();
    const m = outbound({ channel: 'bluesky', card: card.card });
    expect(await adapter.send(m)).toEqual({ kind: 'unknown', reason: expect.stringContaining('no answer within 1 s') });
    expect((await adapter.findByMarker(m.marker))?.id).toBe(peer.posts[0].uri);
    expect(peer.postsOf(DID)).toHaveLength(1);
  });

  it('a text over 300 graphemes is refused by the PDS: permanent, with its reason', async () => {
    expect(await adapter.send(outbound({ channel: 'bluesky', text: 'é'.repeat(301) }))).toEqual({ kind: 'permanent', reason: expect.stringContaining('300 graphemes') });
  });

  it('a wrong app password: the post waits (the account’s state, not the message’s), the password is never shown, the credential check says refused', async () => {
    const wrong = new BlueskyAdapter({ serviceUrl: peer.url, identifier: 'prefet88.bsky.social', appPassword: 'wrong-app-password' }, 1_000);
    const outcome = await wrong.send(outbound({ channel: 'bluesky' }));
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('BLUESKY_APP_PASSWORD') });
    expect(JSON.stringify(outcome)).not.toContain('wrong-app-password');
    expect(await wrong.checkCredentials()).toEqual({ status: 'refused', reason: expect.stringContaining('401') });
    expect(await adapter.checkCredentials()).toEqual({ status: 'ok', reason: DID });
    expect(peer.posts).toHaveLength(0);
  });

  it('is temporary when the PDS cannot be reached', async () => {
    await peer.stop();
    expect(await adapter.send(outbound({ channel: 'bluesky' }))).toEqual({ kind: 'temporary', reason: expect.stringContaining('Bluesky unreachable') });
  });

  it.each([
    ['no link', 'Crue à Épinal', []],
    ['a link after accents', 'Épinal : https://a.example/x.', [[10, 29]]],
    [
      'two links',
      'https://a.example et http://b.example/p?q=1',
      [
        [0, 17],
        [21, 43],
      ],
    ],
  ])('link facets: %s', (_, text, spans) => {
    expect(linkFacets(text).map((f) => [f.index.byteStart, f.index.byteEnd])).toEqual(spans);
  });
});
