import { MastodonAdapter } from '../../src/modules/channels/mastodon.adapter';
import { MastodonPeer } from '../peers/mastodon-peer';
import { CardFixture } from './card-fixture';
import { outbound } from './outbound';

describe('Mastodon adapter against a local instance', () => {
  let peer: MastodonPeer;
  let adapter: MastodonAdapter;
  let card: CardFixture;

  beforeAll(async () => {
    card = await new CardFixture().start();
  });
  afterAll(() => card.stop());
  beforeEach(async () => {
    peer = await new MastodonPeer({ 'masto-token-real': '42' }).start();
    adapter = new MastodonAdapter({ baseUrl: peer.url, accessToken: 'masto-token-real' }, 1_000);
  });
  afterEach(() => peer.stop());

  it('uploads the card with its description, then posts the status with the media id and the delivery as Idempotency-Key', async () => {
    const m = outbound({ channel: 'mastodon', card: card.card });
    const outcome = await adapter.send(m);
    const [status] = peer.statusesOf('42');
    expect(outcome).toEqual({ kind: 'sent', proof: { postId: status.id, url: `https://social.example/@pref42/${status.id}`, card: 'attached', mediaId: peer.media[0].id } });
    expect(status.text).toBe(m.text);
    expect(status.mediaIds).toEqual([peer.media[0].id]);
    expect(status.idempotencyKey).toBe(m.reference);
    expect(peer.media[0].bytes.equals(card.png)).toBe(true);
    expect(peer.media[0].description).toBe(card.card.alt);
    expect(peer.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/media', 'POST /api/v1/statuses']);
  });

  it('rate limit: 429 is temporary, retried at Retry-After, nothing published', async () => {
    peer.failures.rateLimitNext(30);
    const before = Date.now();
    const outcome = await adapter.send(outbound({ channel: 'mastodon', card: card.card }));
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('rate limit'), retryAt: expect.any(Date) });
    const retryAt = (outcome as { retryAt: Date }).retryAt.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 29_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(peer.statuses).toHaveLength(0);
  });

  it('duplicate: sending the same delivery again gives back the first status (Idempotency-Key), never a second one', async () => {
    const m = outbound({ channel: 'mastodon', card: card.card });
    const first = await adapter.send(m);
    const second = await adapter.send(m);
    expect(peer.statusesOf('42')).toHaveLength(1);
    expect(second).toEqual(first);
    expect(first.kind).toBe('sent');
  });

  it('timeout after the status was sent: unknown, then found by its marker on the account — nothing to post again', async () => {
    peer.failures.hangNext();
    const m = outbound({ channel: 'mastodon', card: card.card });
    expect(await adapter.send(m)).toEqual({ kind: 'unknown', reason: expect.stringContaining('no answer within 1 s') });
    expect(await adapter.findByMarker(m.marker)).toEqual({ id: peer.statuses[0].id, url: `https://social.example/@pref42/${peer.statuses[0].id}` });
    expect(await adapter.findByMarker('[PREF88-B999-0000]')).toBeNull();
    expect(peer.statusesOf('42')).toHaveLength(1);
  });

  it('a 500 on the status is unknown; a 500 on the upload is temporary (nothing public yet)', async () => {
    peer.failures.failNext(500, { publish: true });
    expect((await adapter.send(outbound({ channel: 'mastodon' }))).kind).toBe('unknown');
    await peer.stop();
    expect(await adapter.send(outbound({ channel: 'mastodon', card: card.card }))).toEqual({ kind: 'temporary', reason: expect.stringContaining('Mastodon unreachable') });
  });

  it('a wrong token is permanent and never shown; the credential check says refused', async () => {
    const wrong = new MastodonAdapter({ baseUrl: peer.url, accessToken: 'revoked-masto-token' }, 1_000);
    const outcome = await wrong.send(outbound({ channel: 'mastodon' }));
    expect(outcome).toEqual({ kind: 'permanent', reason: expect.stringContaining('401') });
    expect(JSON.stringify(outcome)).not.toContain('revoked-masto-token');
    expect(await wrong.checkCredentials()).toEqual({ status: 'refused', reason: expect.stringContaining('MASTODON_ACCESS_TOKEN') });
    expect(await adapter.checkCredentials()).toEqual({ status: 'ok', reason: '@pref42' });
    await expect(wrong.findByMarker('[PREF88-B1-0000]')).rejects.toThrow(/could not be read/);
  });
});
