import { SmsAdapter } from '../../src/modules/channels/sms.adapter';
import { SmsPeer } from '../peers/sms-peer';
import { outbound } from './outbound';

const account = { serviceName: 'sms-ab12345-1', appKey: 'app-key-1', appSecret: 'app-secret-1', consumerKey: 'consumer-key-1' };

describe('SMS adapter against an OVHcloud-style jobs API', () => {
  let peer: SmsPeer;
  let adapter: SmsAdapter;
  const adapterWith = (over: Partial<ConstructorParameters<typeof SmsAdapter>[0]> = {}) => new SmsAdapter({ baseUrl: `${peer.url}/1.0`, sender: 'PREF88', ...account, ...over }, 2_000);

  beforeEach(async () => {
    peer = await new SmsPeer(account).start();
    adapter = adapterWith();
  });
  afterEach(() => peer.stop());

  it('creates a signed job (the peer checks the signature) and records its id as proof', async () => {
    const m = outbound({ channel: 'sms', to: '+33612345678' });
    const outcome = await adapter.send(m);
    expect(peer.badSignatures).toHaveLength(0);
    expect(peer.jobs).toHaveLength(1);
    const job = peer.jobs[0];
    expect(outcome).toEqual({ kind: 'sent', proof: { jobId: String(job.id), creditsRemoved: '1' } });
    expect(job).toEqual(
      expect.objectContaining({ serviceName: 'sms-ab12345-1', message: m.text, receivers: ['+33612345678'], sender: 'PREF88', noStopClause: true, priority: 'high', tag: m.reference }),
    );
    expect(peer.requests[0].path).toBe('/1.0/sms/sms-ab12345-1/jobs');
    expect(peer.requests[0].headers['x-ovh-application']).toBe('app-key-1');
  });

  it('is refused by the peer when signed with the wrong secret, and keeps the SMS queued (temporary)', async () => {
    const outcome = await adapterWith({ appSecret: 'not-the-secret' }).send(outbound({ channel: 'sms', to: '+33612345678' }));
    expect(peer.badSignatures).toHaveLength(1);
    expect(peer.jobs).toHaveLength(0);
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('refused our credentials'), failure: { via: 'http', status: 403 } });
    expect(JSON.stringify(outcome)).not.toContain('not-the-secret');
  });

  it('is permanent when the gateway lists the number as invalid', async () => {
    peer.invalidNumbers.add('+33600000000');
    expect(await adapter.send(outbound({ channel: 'sms', to: '+33600000000' }))).toEqual({
      kind: 'permanent',
      reason: 'the SMS gateway refused the number as invalid',
      failure: { via: 'recipient-invalid' },
    });
    expect(peer.jobs).toHaveLength(0);
  });

  it.each([[undefined], ['0612345678'], ['+33 6 12 34 56 78']])('is permanent for the number %j without calling the gateway', async (to) => {
    expect((await adapter.send(outbound({ channel: 'sms', to }))).kind).toBe('permanent');
    expect(peer.requests).toHaveLength(0);
  });

  it.each([500, 503])('is temporary on %i', async (status) => {
    peer.failNext(status);
    expect(await adapter.send(outbound({ channel: 'sms', to: '+33612345678' }))).toEqual({
      kind: 'temporary',
      reason: expect.stringContaining(`answered ${status}`),
      retryAt: undefined,
      failure: { via: 'http', status },
    });
  });

  it('is temporary on 429, with the time given by Retry-After', async () => {
    peer.failNext(429, { retryAfter: 120 });
    const before = Date.now();
    const outcome = await adapter.send(outbound({ channel: 'sms', to: '+33612345678' }));
    expect(outcome.kind).toBe('temporary');
    const retryAt = (outcome as { retryAt?: Date }).retryAt!.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 119_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 121_000);
  });

  it.each([402, 403])('keeps the SMS queued when the account is out of credits (%i), saying so', async (status) => {
    peer.credits = 1;
    peer.outOfCreditsStatus = status;
    expect((await adapter.send(outbound({ channel: 'sms', to: '+33612345678' }))).kind).toBe('sent');
    const outcome = await adapter.send(outbound({ channel: 'sms', to: '+33612345679' }));
    expect(outcome).toEqual({ kind: 'temporary', reason: expect.stringContaining('SMS credits exhausted'), failure: expect.objectContaining({ via: 'http', credits: true }) });
    expect(peer.jobs).toHaveLength(1);
  });

  it('is temporary when the gateway cannot be reached', async () => {
    await peer.stop();
    expect(await adapter.send(outbound({ channel: 'sms', to: '+33612345678' }))).toEqual({
      kind: 'temporary',
      reason: expect.stringContaining('connection failed'),
      failure: { via: 'connection', failure: 'refused' },
    });
  });
});
