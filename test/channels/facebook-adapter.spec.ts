import { FacebookAdapter } from '../../src/modules/channels/facebook.adapter';
import { FacebookPeer } from '../peers/facebook-peer';
import { CardFixture } from './card-fixture';
import { outbound } from './outbound';

describe('Facebook adapter against a local Graph API', () => {
  let peer: FacebookPeer;
  let adapter: FacebookAdapter;

  beforeEach(async () => {
    peer = await new FacebookPeer({ '5550001': 'page-token-real' }).start();
    adapter = new FacebookAdapter({ graphUrl: `${peer.url}/v21.0`, pageId: '5550001', pageToken: 'page-token-real' }, 1_000);
  });
  afterEach(() => peer.stop());

  it('publishes on the page feed and records the post id and address; the token is never in a URL', async () => {
    const m = outbound({ channel: 'facebook' });
    const outcome = await adapter.send(m);
    expect(peer.postsOf('5550001')).toEqual([expect.objectContaining({ message: m.text })]);
    const id = peer.posts[0].id;
    expect(outcome).toEqual({ kind: 'sent', proof: { postId: id, url: `https://www.facebook.com/${id}` } });
    expect(peer.requests[0].path).toBe('/v21.0/5550001/feed');
  });

  it.each([32, 80001, 4, 17, 613])('is temporary on throttling code %i', async (code) => {
    peer.throttleNext(code, { status: code === 80001 ? 403 : 400 });
    expect(await adapter.send(outbound({ channel: 'facebook' }))).toEqual({ kind: 'temporary', reason: expect.stringContaining(`throttling (code ${code})`) });
    expect(peer.posts).toHaveLength(0);
  });

  it('treats a 500 as unknown: retries after 5xx have produced duplicates', async () => {
    peer.failNext(500, { publish: true });
    expect(await adapter.send(outbound({ channel: 'facebook' }))).toEqual({ kind: 'unknown', reason: expect.stringContaining('answered 500') });
    expect(peer.posts).toHaveLength(1);
  });

  it('is unknown when the page got the post but never answered (timeout)', async () => {
    peer.hangNext();
    expect(await adapter.send(outbound({ channel: 'facebook' }))).toEqual({ kind: 'unknown', reason: expect.stringContaining('no answer within 1 s') });
    expect(peer.posts).toEqual([expect.objectContaining({ unanswered: true })]);
  });

  it('is permanent on another error (an invalid token, code 190)', async () => {
    const wrong = new FacebookAdapter({ graphUrl: `${peer.url}/v21.0`, pageId: '5550001', pageToken: 'expired-token' }, 1_000);
    const outcome = await wrong.send(outbound({ channel: 'facebook' }));
    expect(outcome).toEqual({ kind: 'permanent', reason: expect.stringContaining('(code 190)') });
    expect(JSON.stringify(outcome)).not.toContain('expired-token');
  });

  it('finds a post by its marker, and says null when it is absent', async () => {
    peer.failNext(500, { publish: true });
    const m = outbound({ channel: 'facebook' });
    expect((await adapter.send(m)).kind).toBe('unknown');
    expect(await adapter.findByMarker(m.marker)).toEqual({ id: peer.posts[0].id, url: `https://www.facebook.com/${peer.posts[0].id}` });
    expect(await adapter.findByMarker('[PREF88-B999-0000]')).toBeNull();
    const lookup = peer.requests.find((r) => r.method === 'GET')!;
    expect(lookup.path).toBe('/v21.0/5550001/posts?fields=id,message,permalink_url&limit=100');
    expect(lookup.headers.authorization).toBe('Bearer page-token-real');
  });

  it('throws from findByMarker when the page cannot be read', async () => {
    const wrong = new FacebookAdapter({ graphUrl: `${peer.url}/v21.0`, pageId: '5550001', pageToken: 'expired-token' }, 1_000);
    await expect(wrong.findByMarker('[PREF88-B1-0000]')).rejects.toThrow(/could not be read: 400/);
  });

  it('is temporary when the Graph API cannot be reached (nothing was sent)', async () => {
    await peer.stop();
    expect(await adapter.send(outbound({ channel: 'facebook' }))).toEqual({ kind: 'temporary', reason: expect.stringContaining('Facebook unreachable') });
  });

  it('with the bulletin card: a photo post on the page (the text as caption, the alt text set), recorded by its feed post id', async () => {
    const card = await new CardFixture().start();
    try {
      const m = outbound({ channel: 'facebook', card: card.card });
      const outcome = await adapter.send(m);
      const [post] = peer.postsOf('5550001');
      expect(post.message).toBe(m.text);
      expect(post.photo?.bytes.equals(card.png)).toBe(true);
      expect(post.photo?.altText).toBe(card.card.alt);
      expect(outcome).toEqual({ kind: 'sent', proof: { postId: post.id, url: `https://www.facebook.com/${post.id}`, card: 'attached' } });
      expect(peer.requests[0].path).toBe('/v21.0/5550001/photos');
      expect(await adapter.findByMarker(m.marker)).toEqual({ id: post.id, url: `https://www.facebook.com/${post.id}` });
    } finally {
      await card.stop();
    }
  });
});
