import { connect, listen, LiveClient, Received } from '../console/live-support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';
import { deliveriesOf, emailBulletinTo, settled } from './support';

const N = 120;

type Count = { audience: string; channel: string; status: string; count: number };
const countsOf = (r: Received) => r.payload.data.counts as Count[];
const sentIn = (counts: Count[]) => counts.filter((c) => c.status === 'sent').reduce((n, c) => n + c.count, 0);

/**
 * The console's progress bars follow a bulletin through its batches: the counts
 * are read after the batches commit and published coalesced, one read at a time
 * per message, so the bars only ever move forward and the last publication is
 * the final state (DeliveryProgressFeed).
 */
describe('the progress of a bulletin on the live channel', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let live: LiveClient | undefined;

  beforeAll(async () => {
    peers = await startChannelPeers({ parseMail: false });
    // Small batches, each answer a little late: the bulletin goes out in a dozen batches over a second or more.
    peers.smtp.answerDelayMs = 20;
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '50', DELIVERY_BATCH_SIZE: '10' });
  });
  afterAll(async () => {
    live?.close();
    await t?.close();
    await peers?.stop();
  });

  it('only moves forward, and its last publication is what the deliveries became', async () => {
    const { prefect, event, dispatch } = await emailBulletinTo(t, 'progress', N);
    live = await connect(await listen(t), { token: prefect });
    expect(await live.join(event.id)).toEqual({ ok: true, eventId: event.id });

    const message = await dispatch();
    const done = await settled(t, prefect, message.id, 120_000);
    expect(done.summary.map((s) => [s.channel, s.total, s.sent])).toEqual([['email', N, N]]);

    const ofMessage = (r: Received) => r.type === 'delivery.changed' && r.payload.data.messageId === message.id && 'counts' in r.payload.data;
    await live.next((r) => ofMessage(r) && sentIn(countsOf(r)) === N, 30_000);
    // Whatever else was still on its way arrives within the longest interval between two reads.
    await new Promise((r) => setTimeout(r, 3_500));
    const published = live.received.filter(ofMessage).map(countsOf);
    const sent = published.map(sentIn);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(published.at(-1)).toEqual([{ audience: 'elected', channel: 'email', status: 'sent', count: N }]);
  });

  // The deliveries list answers its page and its summary from one snapshot: read one after the other, the
  // worker-crash test once saw a summary of 500 sent beside a page, read a moment earlier, with a row still queued.
  it('answers its list and its summary from one instant while the batches commit', async () => {
    const { prefect, dispatch } = await emailBulletinTo(t, 'progress-list', N);
    const message = await dispatch();
    const reads: { sentInSummary: number; sentInItems: number }[] = [];
    for (;;) {
      const d = await deliveriesOf(t, prefect, message.id);
      const sentInSummary = d.summary.reduce((n, s) => n + s.sent, 0);
      reads.push({ sentInSummary, sentInItems: d.items.filter((i) => i.status === 'sent').length });
      if (sentInSummary === d.total) break;
    }
    // The batches committed during the reads: the test saw the bulletin on its way, not only its end.
    expect(reads.some((r) => r.sentInSummary > 0 && r.sentInSummary < N)).toBe(true);
    expect(reads.filter((r) => r.sentInSummary !== r.sentInItems)).toEqual([]);
    expect(reads.at(-1)).toEqual({ sentInSummary: N, sentInItems: N });
  });
});
