import { loadConfig } from '../../src/config/app-config';
import { EXERCISE_MARKING } from '../../src/domain/messages/exercise-marking';
import type { ChannelName } from '../../src/modules/channels/channel-adapter.types';
import { ChannelsService } from '../../src/modules/channels/channels.service';
import { outbound } from './outbound';
import { AllPeers, FB_DRILL_PAGE, FB_REAL_PAGE, X_DRILL_USER, X_REAL_USER } from './peers-env';

const ALL: ChannelName[] = ['email', 'sms', 'x', 'facebook', 'webhook', 'public_page'];
const recipient = (channel: ChannelName) => (channel === 'email' ? 'elu@example.org' : channel === 'sms' ? '+33612345678' : undefined);

/** Invariant 4 through the one service every caller uses, against every real peer. */
describe('the exercise gate, on every channel', () => {
  let peers: AllPeers;
  let withDrillAccounts: ChannelsService;
  let withoutDrillAccounts: ChannelsService;

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

  it.each([
    ['email', false],
    ['email', undefined],
    ['sms', false],
    ['sms', undefined],
  ] as const)('exercise %s to a recipient whose participation is %j: sandboxed, the provider received nothing', async (channel, exerciseParticipant) => {
    const outcome = await withDrillAccounts.send(outbound({ channel, to: recipient(channel), exercise: true, exerciseParticipant }));
    expect(outcome).toEqual({ kind: 'sandboxed', reason: 'exercice : destinataire non participant' });
    expect(peers.nothingReceived()).toBe(true);
  });

  it('exercise email to a participant: received, marked', async () => {
    const m = outbound({ channel: 'email', to: 'participant@example.org', exercise: true, exerciseParticipant: true });
    expect((await withDrillAccounts.send(m)).kind).toBe('sent');
    expect(peers.smtp.received).toHaveLength(1);
    expect(peers.smtp.received[0].to).toEqual(['participant@example.org']);
    expect(peers.smtp.received[0].text).toContain(EXERCISE_MARKING);
  });

  it('exercise SMS to a participant: a job is created, marked', async () => {
    expect((await withDrillAccounts.send(outbound({ channel: 'sms', to: '+33612345678', exercise: true, exerciseParticipant: true }))).kind).toBe('sent');
    expect(peers.sms.jobs).toEqual([expect.objectContaining({ receivers: ['+33612345678'], message: expect.stringContaining(EXERCISE_MARKING) })]);
  });

  it.each(['x', 'facebook'] as const)('exercise %s post without an exercise account: sandboxed, nothing posted anywhere', async (channel) => {
    const outcome = await withoutDrillAccounts.send(outbound({ channel, exercise: true }));
    expect(outcome).toEqual({ kind: 'sandboxed', reason: expect.stringContaining("pas de compte d'exercice") });
    expect(peers.nothingReceived()).toBe(true);
  });

  it('exercise X post with an exercise account: posted on the exercise account only', async () => {
    const outcome = await withDrillAccounts.send(outbound({ channel: 'x', exercise: true }));
    expect(outcome.kind).toBe('sent');
    expect(peers.x.postsOf(X_DRILL_USER)).toHaveLength(1);
    expect(peers.x.postsOf(X_REAL_USER)).toHaveLength(0);
  });

  it('exercise Facebook post with an exercise page: posted on the exercise page only', async () => {
    const outcome = await withDrillAccounts.send(outbound({ channel: 'facebook', exercise: true }));
    expect(outcome.kind).toBe('sent');
    expect(peers.facebook.postsOf(FB_DRILL_PAGE)).toHaveLength(1);
    expect(peers.facebook.postsOf(FB_REAL_PAGE)).toHaveLength(0);
  });

  it('exercise webhook: sandboxed, never called', async () => {
    expect(await withDrillAccounts.send(outbound({ channel: 'webhook', exercise: true }))).toEqual({ kind: 'sandboxed', reason: expect.stringContaining('webhook') });
    expect(peers.webhook.requests).toHaveLength(0);
  });

  it('exercise public page: published on our own page (which shows the exercise banner)', async () => {
    const m = outbound({ channel: 'public_page', exercise: true, eventId: 'evt-42' });
    expect(await withDrillAccounts.send(m)).toEqual({ kind: 'sent', proof: { url: `https://crise.vosges.example.org/public/events/evt-42#${m.reference}` } });
  });

  it.each(ALL)('an exercise message without the marking is refused on %s, even to a participant, and nothing leaves', async (channel) => {
    const m = outbound({ channel, to: recipient(channel), exercise: true, exerciseParticipant: true });
    const outcome = await withDrillAccounts.send({ ...m, text: m.text.split(EXERCISE_MARKING).join('') });
    expect(outcome).toEqual({ kind: 'permanent', reason: expect.stringContaining('sans la mention') });
    expect(peers.nothingReceived()).toBe(true);
  });

  it('real messages go to the real accounts and audiences, never to the exercise accounts', async () => {
    const outcomes = await Promise.all(ALL.map((channel) => withDrillAccounts.send(outbound({ channel, to: recipient(channel), exerciseParticipant: false }))));
    expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
    expect(peers.x.postsOf(X_REAL_USER)).toHaveLength(1);
    expect(peers.x.postsOf(X_DRILL_USER)).toHaveLength(0);
    expect(peers.facebook.postsOf(FB_REAL_PAGE)).toHaveLength(1);
    expect(peers.facebook.postsOf(FB_DRILL_PAGE)).toHaveLength(0);
    expect(peers.smtp.accepted).toBe(1);
    expect(peers.sms.jobs).toHaveLength(1);
    expect(peers.webhook.calls).toHaveLength(1);
  });

  it('looks for a marker on the account the message went to', async () => {
    const drill = outbound({ channel: 'x', exercise: true });
    const real = outbound({ channel: 'x' });
    await withDrillAccounts.send(drill);
    await withDrillAccounts.send(real);
    expect(await withDrillAccounts.findByMarker('x', drill.marker, true)).toEqual(expect.objectContaining({ id: peers.x.postsOf(X_DRILL_USER)[0].id }));
    expect(await withDrillAccounts.findByMarker('x', drill.marker, false)).toBeNull();
    expect(await withDrillAccounts.findByMarker('x', real.marker, false)).toEqual(expect.objectContaining({ id: peers.x.postsOf(X_REAL_USER)[0].id }));

    const fb = outbound({ channel: 'facebook', exercise: true });
    await withDrillAccounts.send(fb);
    expect(await withDrillAccounts.findByMarker('facebook', fb.marker, true)).toEqual(expect.objectContaining({ id: peers.facebook.postsOf(FB_DRILL_PAGE)[0].id }));
  });

  it('finds nothing for an exercise without an exercise account (nothing was posted), without asking the provider', async () => {
    expect(await withoutDrillAccounts.findByMarker('x', '[PREF88-B1-1405]', true)).toBeNull();
    expect(await withoutDrillAccounts.findByMarker('facebook', '[PREF88-B1-1405]', true)).toBeNull();
    expect(peers.nothingReceived()).toBe(true);
  });

  it('refuses to look for a marker on a channel without a timeline', async () => {
    await expect(withDrillAccounts.findByMarker('email', '[PREF88-B1-1405]', false)).rejects.toThrow('channel email has no timeline to search');
  });
});

describe('channels without configuration', () => {
  const service = new ChannelsService(loadConfig({}));

  it.each(ALL.filter((c) => c !== 'public_page'))('%s is sandboxed, never dropped', async (channel) => {
    expect(await service.send(outbound({ channel, to: recipient(channel) }))).toEqual({ kind: 'sandboxed', reason: 'channel not configured' });
  });

  it('the public page is always live (it is our own)', async () => {
    expect((await service.send(outbound({ channel: 'public_page' }))).kind).toBe('sent');
  });

  it('reports every channel in sandbox mode, public page aside', () => {
    expect(service.statuses()).toEqual([
      { channel: 'email', mode: 'sandbox' },
      { channel: 'sms', mode: 'sandbox' },
      { channel: 'x', mode: 'sandbox', exerciseMode: 'sandbox' },
      { channel: 'facebook', mode: 'sandbox', exerciseMode: 'sandbox' },
      { channel: 'instagram', mode: 'sandbox', exerciseMode: 'sandbox' },
      { channel: 'mastodon', mode: 'sandbox', exerciseMode: 'sandbox' },
      { channel: 'bluesky', mode: 'sandbox', exerciseMode: 'sandbox' },
      { channel: 'webhook', mode: 'sandbox' },
      { channel: 'public_page', mode: 'live', target: 'localhost:3000' },
    ]);
  });
});
