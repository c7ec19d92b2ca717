import { InstagramAdapter } from '../../src/modules/channels/instagram.adapter';
import { InstagramPeer } from '../peers/instagram-peer';
import { CardFixture } from './card-fixture';
import { outbound } from './outbound';

const IG = '17841400000000001';

describe('Instagram adapter against a local Graph API (content publishing)', () => {
  let peer: InstagramPeer;
  let adapter: InstagramAdapter;
  let card: CardFixture;

  beforeAll(async () => {
    card = await new CardFixture().start();
  });
  afterAll(() => card.stop());
  beforeEach(async () => {
    peer = await new InstagramPeer({ [IG]: 'ig-token-real' }).start();
    adapter = new InstagramAdapter({ graphUrl: `${peer.url}/v21.0`, userId: IG, accessToken: 'ig-token-real' }, 1_000);
  });
  afterEach(() => peer.stop());

  it('creates a container from the card’s public address, then publishes it: the image Instagram downloaded is the card, with its alt text', async () => {
    const m = outbound({ channel: 'instagram', card: card.card });
    const outcome = await adapter.send(m);
    expect(peer.mediaOf(IG)).toHaveLength(1);
    const media = peer.media[0];
    expect(outcome).toEqual({ kind: 'sent', proof: { postId: media.id, containerId: expect.any(String), card: 'attached' } });
    expect(media.caption).toBe(m.text);
    expect(media.altText).toBe(card.card.alt);
    expect(media.image.equals(card.jpeg)).toBe(true);
    expect(peer.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v21.0/${IG}/media`, `POST /v21.0/${IG}/media_publish`]);
    // The token travels in the body, never in an address.
    expect(peer.requests.every((r) => !r.path.includes('ig-token-real'))).toBe(true);
  });

  it('refuses, without calling Instagram, a message that has no card (Instagram publishes an image or nothing)', async () => {
    expect(await adapter.send(outbound({ channel: 'instagram' }))).toEqual({ kind: 'permanent', reason: expect.stringContaining('no card') });
    expect(peer.requests).toHaveLength(0);
  });

  it('rate limit: throttling code 4 is temporary, retried at the time the Graph API says (X-Business-Use-Case-Usage), nothing published', async () => {
    peer.failures.rateLimitNext(120);
    const before = Date.now();
    const outcome = await adapter.send(outbound({ channel: 'instagram', card: card.card }));
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('throttling (code 4)'), retryAt: expect.any(Date) });
    const retryAt = (outcome as { retryAt: Date }).retryAt.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(retryAt).toBeLessThan(Date.now() + 121_000);
    expect(peer.media).toHaveLength(0);
  });

  it('duplicate: the bulletin already on the account (an earlier attempt) is found by its marker in the captions, and an absent one is null', async () => {
    const m = outbound({ channel: 'instagram', card: card.card });
    await adapter.send(m);
    expect(await adapter.findByMarker(m.marker)).toEqual({ id: peer.media[0].id, url: `https://www.instagram.com/p/${peer.media[0].id}/` });
    expect(await adapter.findByMarker('[PREF88-B999-0000]')).toBeNull();
  });

  it('timeout after the publish call: unknown, then found by its marker — nothing to post again', async () => {
    peer.failures.hangNext();
    const m = outbound({ channel: 'instagram', card: card.card });
    expect(await adapter.send(m)).toEqual({ kind: 'unknown', reason: expect.stringContaining('no answer within 1 s') });
    expect(peer.media).toEqual([expect.objectContaining({ unanswered: true })]);
    expect((await adapter.findByMarker(m.marker))?.id).toBe(peer.media[0].id);
    expect(peer.mediaOf(IG)).toHaveLength(1);
  });

  it('a 500 on publish is unknown (it may be published); an image Instagram cannot download is refused with the Graph API’s reason', async () => {
    peer.failures.failNext(500, { publish: true });
    expect((await adapter.send(outbound({ channel: 'instagram', card: card.card }))).kind).toBe('unknown');
    const wrongImage = { ...card.card, squareJpegUrl: card.card.squareJpegUrl.replace('square.jpg', 'missing.jpg') };
    expect(await adapter.send(outbound({ channel: 'instagram', card: wrongImage }))).toEqual({ kind: 'permanent', reason: expect.stringContaining('(code 9004)') });
  });

  it('a wrong token is permanent and never shown; the credential check says refused', async () => {
    const wrong = new InstagramAdapter({ graphUrl: `${peer.url}/v21.0`, userId: IG, accessToken: 'expired-ig-token' }, 1_000);
    const outcome = await wrong.send(outbound({ channel: 'instagram', card: card.card }));
    expect(outcome).toEqual({ kind: 'permanent', reason: expect.stringContaining('(code 190)') });
    expect(JSON.stringify(outcome)).not.toContain('expired-ig-token');
    expect(await wrong.checkCredentials()).toEqual({ status: 'refused', reason: expect.stringContaining('INSTAGRAM_ACCESS_TOKEN') });
    expect(await adapter.checkCredentials()).toEqual({ status: 'ok', reason: '@prefet88' });
  });

  it('is temporary when the Graph API cannot be reached (nothing was sent)', async () => {
    await peer.stop();
    expect(await adapter.send(outbound({ channel: 'instagram', card: card.card }))).toEqual({ kind: 'temporary', reason: expect.stringContaining('Instagram unreachable') });
  });
});
