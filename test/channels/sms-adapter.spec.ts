import { SMS_BATCH_MAX, SmsAdapter } from '../../src/modules/channels/sms.adapter';
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

  describe('a batch: one request, many receivers, each with its own outcome', () => {
    const text = 'Crue de la Moselle à Épinal : évitez les berges. [PREF88-B7-1405]';
    const batch = (numbers: (string | undefined)[]) => numbers.map((to) => outbound({ channel: 'sms', to, text }));

    it('sends one signed job for all and gives each recipient the id the gateway gave its number', async () => {
      const numbers = ['+33612345601', '+33612345602', '+33612345603'];
      const outcomes = await adapter.sendBatch(batch(numbers));
      expect(peer.badSignatures).toHaveLength(0);
      expect(peer.requests).toHaveLength(1);
      expect(peer.jobRequests).toBe(1);
      expect(JSON.parse(peer.requests[0].body)).toEqual(expect.objectContaining({ message: text, receivers: numbers, sender: 'PREF88' }));
      const idOf = (n: string) => String(peer.jobs.find((j) => j.receivers[0] === n)!.id);
      expect(outcomes).toEqual(numbers.map((n) => ({ kind: 'sent', proof: { jobId: idOf(n) } })));
      expect(new Set(outcomes.map((o) => (o as { proof: Record<string, string> }).proof.jobId)).size).toBe(3);
    });

    it('refuses only the recipient the gateway lists as invalid; the others are sent in the same job', async () => {
      peer.invalidNumbers.add('+33600000000');
      const outcomes = await adapter.sendBatch(batch(['+33612345601', '+33600000000', '+33612345603']));
      expect(peer.requests).toHaveLength(1);
      expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'permanent', 'sent']);
      expect(outcomes[1]).toEqual({ kind: 'permanent', reason: 'the SMS gateway refused the number as invalid', failure: { via: 'recipient-invalid' } });
      expect(peer.jobs.map((j) => j.receivers[0])).toEqual(['+33612345601', '+33612345603']);
    });

    it('never sends a number that is not E.164, and still sends the rest', async () => {
      const outcomes = await adapter.sendBatch(batch(['0612345678', '+33612345602', undefined]));
      expect(outcomes.map((o) => o.kind)).toEqual(['permanent', 'sent', 'permanent']);
      expect(JSON.parse(peer.requests[0].body).receivers).toEqual(['+33612345602']);
    });

    it('puts a number twice in the batch in two jobs: the answer is read by number', async () => {
      const outcomes = await adapter.sendBatch(batch(['+33612345601', '+33612345601']));
      expect(peer.requests).toHaveLength(2);
      expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent']);
      expect((outcomes[0] as { proof: Record<string, string> }).proof.jobId).not.toBe((outcomes[1] as { proof: Record<string, string> }).proof.jobId);
    });

    it('splits a batch larger than the gateway takes into jobs of SMS_BATCH_MAX receivers', async () => {
      const numbers = Array.from({ length: SMS_BATCH_MAX + 5 }, (_, i) => `+336${String(10_000_000 + i)}`);
      const outcomes = await adapter.sendBatch(batch(numbers));
      expect(peer.requests.map((r) => JSON.parse(r.body).receivers.length).sort((a: number, b: number) => a - b)).toEqual([5, SMS_BATCH_MAX]);
      expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
      expect(peer.jobs).toHaveLength(numbers.length);
    });

    it.each([500, 503])('makes every recipient of the job temporary on %i (retried by the policy)', async (status) => {
      peer.failNext(status);
      const outcomes = await adapter.sendBatch(batch(['+33612345601', '+33612345602']));
      expect(outcomes).toEqual([0, 1].map(() => ({ kind: 'temporary', reason: expect.stringContaining(`answered ${status}`), retryAt: undefined, failure: { via: 'http', status } })));
      expect(peer.jobs).toHaveLength(0);
    });

    it('makes every recipient temporary on 429, with the time given by Retry-After', async () => {
      peer.failNext(429, { retryAfter: 60 });
      const before = Date.now();
      const outcomes = await adapter.sendBatch(batch(['+33612345601', '+33612345602']));
      for (const o of outcomes) {
        expect(o).toEqual(expect.objectContaining({ kind: 'temporary', failure: { via: 'http', status: 429 } }));
        expect((o as { retryAt: Date }).retryAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
      }
    });

    it('makes every recipient temporary when the gateway does not answer in time (SMS is at-least-once)', async () => {
      peer.hangNext();
      const outcomes = await adapterWith().sendBatch(batch(['+33612345601', '+33612345602']));
      expect(outcomes).toEqual([0, 1].map(() => ({ kind: 'temporary', reason: expect.stringContaining('no answer within 2 s'), failure: { via: 'connection', failure: 'timeout' } })));
    });
  });
});
