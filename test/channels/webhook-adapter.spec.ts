import { WebhookAdapter } from '../../src/modules/channels/webhook.adapter';
import { WebhookPeer } from '../peers/webhook-peer';
import { outbound } from './outbound';

const SECRET = 'webhook-secret-0123456789';

describe('webhook adapter against a receiver that checks the signature', () => {
  let peer: WebhookPeer;
  let adapter: WebhookAdapter;

  beforeEach(async () => {
    peer = await new WebhookPeer(SECRET).start();
    adapter = new WebhookAdapter({ url: `${peer.url}/hooks/crise`, secret: SECRET }, 1_000);
  });
  afterEach(() => peer.stop());

  it('posts the signed JSON body; the receiver verifies the HMAC', async () => {
    const m = outbound({ channel: 'webhook' });
    const before = Date.now();
    expect(await adapter.send(m)).toEqual({ kind: 'sent', proof: { httpStatus: '204' } });
    expect(peer.badSignatures).toHaveLength(0);
    const call = peer.calls[0];
    expect(call.body).toEqual({ reference: m.reference, eventId: 'evt-1', channel: 'webhook', subject: m.subject, text: m.text, marker: m.marker, exercise: false, sentAt: expect.any(String) });
    expect(Date.parse(call.body.sentAt as string)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(call.headers['x-crisis-timestamp'])).toBe(Math.floor(Date.parse(call.body.sentAt as string) / 1000));
    expect(JSON.stringify(call)).not.toContain(SECRET);
  });

  it('is refused by the receiver with another secret (401 → permanent)', async () => {
    const wrong = new WebhookAdapter({ url: `${peer.url}/hooks/crise`, secret: 'another-secret-0123456789' }, 1_000);
    expect(await wrong.send(outbound({ channel: 'webhook' }))).toEqual({ kind: 'permanent', reason: expect.stringContaining('webhook answered 401') });
    expect(peer.badSignatures).toHaveLength(1);
    expect(peer.calls).toHaveLength(0);
  });

  it.each([
    [500, 'temporary'],
    [503, 'temporary'],
    [429, 'temporary'],
    [404, 'permanent'],
    [410, 'permanent'],
  ])('answers %i → %s', async (status, kind) => {
    peer.failNext(status);
    expect(await adapter.send(outbound({ channel: 'webhook' }))).toEqual({ kind, reason: expect.stringContaining(`webhook answered ${status}`) });
  });

  it('is temporary when the receiver cannot be reached', async () => {
    await peer.stop();
    expect((await adapter.send(outbound({ channel: 'webhook' }))).kind).toBe('temporary');
  });
});
