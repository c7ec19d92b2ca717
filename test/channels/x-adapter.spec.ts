import { XAdapter } from '../../src/modules/channels/x.adapter';
import { XPeer } from '../peers/x-peer';
import { CardFixture } from './card-fixture';
import { outbound } from './outbound';

const account = { appKey: 'x-app', appSecret: 'x-app-secret', accessToken: 'tok-real', accessSecret: 'sec-real', userId: '1001' };

describe('X adapter (twitter-api-v2) against a local X API', () => {
  let peer: XPeer;
  let adapter: XAdapter;

  beforeEach(async () => {
    peer = await new XPeer({ 'tok-real': '1001' }).start();
    adapter = new XAdapter({ ...account, baseUrl: peer.url }, 1_000);
  });
  afterEach(() => peer.stop());

  it('posts with OAuth 1.0a user context and records the post id and address', async () => {
    const m = outbound({ channel: 'x' });
    const outcome = await adapter.send(m);
    expect(peer.postsOf('1001')).toEqual([expect.objectContaining({ text: m.text, unanswered: false })]);
    const id = peer.posts[0].id;
    expect(outcome).toEqual({ kind: 'sent', proof: { postId: id, url: `https://x.com/i/web/status/${id}` } });
    expect(peer.requests[0].headers.authorization).toMatch(/^OAuth .*oauth_consumer_key="x-app".*oauth_token="tok-real"/);
  });

  it('is temporary on 429, retrying at x-rate-limit-reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 900;
    peer.rateLimitNext(reset);
    const outcome = await adapter.send(outbound({ channel: 'x' }));
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('rate limit'), retryAt: new Date(reset * 1000) });
    expect(peer.posts).toHaveLength(0);
  });

  it('treats the 403 for duplicate content as unknown (look for it, never retry blindly)', async () => {
    const m = outbound({ channel: 'x' });
    expect((await adapter.send(m)).kind).toBe('sent');
    const again = await adapter.send(m);
    expect(again).toEqual({ kind: 'unknown', reason: expect.stringContaining('duplicate') });
    expect(peer.posts).toHaveLength(1);
  });

  it('treats a 5xx as unknown: X may have published it', async () => {
    peer.failNext(503, { publish: true });
    const outcome = await adapter.send(outbound({ channel: 'x' }));
    expect(outcome).toEqual({ kind: 'unknown', reason: expect.stringContaining('503') });
    expect(peer.posts).toHaveLength(1);
  });

  it.each([400, 422])('is permanent on another 4xx (%i)', async (status) => {
    peer.failNext(status);
    expect(await adapter.send(outbound({ channel: 'x' }))).toEqual({ kind: 'permanent', reason: expect.stringContaining(`X answered ${status}`) });
  });

  it('is permanent when X refuses the credentials (401)', async () => {
    const stranger = new XAdapter({ ...account, accessToken: 'tok-unknown', baseUrl: peer.url }, 1_000);
    expect(await stranger.send(outbound({ channel: 'x' }))).toEqual({ kind: 'permanent', reason: expect.stringContaining('X answered 401') });
  });

  it('is unknown when X stored the post but never answered (timeout)', async () => {
    peer.hangNext();
    const started = Date.now();
    const outcome = await adapter.send(outbound({ channel: 'x' }));
    expect(outcome).toEqual({ kind: 'unknown', reason: 'no answer from X in time: the post may be published' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(peer.posts).toEqual([expect.objectContaining({ unanswered: true })]);
  });

  it('finds a post by its marker on the account timeline, and says null when it is absent', async () => {
    peer.hangNext();
    const m = outbound({ channel: 'x' });
    expect((await adapter.send(m)).kind).toBe('unknown');
    await adapter.send(outbound({ channel: 'x' }));
    const found = await adapter.findByMarker(m.marker);
    expect(found).toEqual({ id: peer.posts[0].id, url: `https://x.com/i/web/status/${peer.posts[0].id}` });
    expect(await adapter.findByMarker('[PREF88-B999-0000]')).toBeNull();
    const lookup = peer.requests.find((r) => r.method === 'GET')!;
    expect(lookup.path).toMatch(/^\/2\/users\/1001\/tweets\?.*max_results=100/);
  });

  it('throws from findByMarker when the timeline cannot be read', async () => {
    await peer.stop();
    await expect(adapter.findByMarker('[PREF88-B1-0000]')).rejects.toThrow();
  });

  it('is temporary when X cannot be reached (nothing was sent)', async () => {
    await peer.stop();
    expect(await adapter.send(outbound({ channel: 'x' }))).toEqual({ kind: 'temporary', reason: 'X unreachable (ECONNREFUSED)' });
  });

  describe('with the bulletin card', () => {
    let card: CardFixture;
    beforeAll(async () => {
      card = await new CardFixture().start();
    });
    afterAll(() => card.stop());

    it('uploads the card (v2 media upload: initialize, append, finalize), sets its alt text, then posts with its media id', async () => {
      const m = outbound({ channel: 'x', card: card.card });
      const outcome = await adapter.send(m);
      const [media] = peer.media;
      expect(media.bytes.equals(card.png)).toBe(true);
      expect([media.mediaType, media.finalized, media.altText]).toEqual(['image/png', true, card.card.alt]);
      const [post] = peer.postsOf('1001');
      expect(post.mediaIds).toEqual([media.id]);
      expect(outcome).toEqual({ kind: 'sent', proof: { postId: post.id, url: `https://x.com/i/web/status/${post.id}`, card: 'attached', mediaId: media.id } });
      expect(peer.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
        'POST /2/media/upload/initialize',
        `POST /2/media/upload/${media.id}/append`,
        `POST /2/media/upload/${media.id}/finalize`,
        'POST /2/media/metadata',
        'POST /2/tweets',
      ]);
    });

    it('an upload X cannot be reached for is temporary, and nothing is posted', async () => {
      await peer.stop();
      expect(await adapter.send(outbound({ channel: 'x', card: card.card }))).toEqual({ kind: 'temporary', reason: expect.stringContaining('X media upload') });
    });
  });
});
