import { emailBulletinTo, settled } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';

const N = 120;

/** The rows of the Markdown table under the heading that starts with `heading`, each as its cells. */
function tableAfter(md: string, heading: string): string[][] {
  const from = md.indexOf(heading);
  const to = md.indexOf('\n## ', from + heading.length);
  return md
    .slice(from, to < 0 ? undefined : to)
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s|:-]+\|$/.test(l))
    .slice(1)
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

/** What one report says was accepted: in its delivery table, and in the results its timeline lists. */
function acceptedIn(md: string): { table: number; timeline: number } {
  const table = tableAfter(md, '5. Diffusion').reduce((n, row) => n + Number(row[3]), 0);
  const timeline = [...md.slice(md.indexOf('9. Chronologie')).matchAll(/Résultats de diffusion : (\d+) envoyés?/g)].reduce((n, m) => n + Number(m[1]), 0);
  return { table, timeline };
}

/**
 * The after-action report reads the whole record in one snapshot: asked for
 * while a bulletin's batches commit, its delivery table counts exactly the
 * acceptances its timeline records (each batch's results and its audit entry
 * commit together), where sections read a moment apart would not agree.
 */
describe('an after-action report made during a dispatch', () => {
  jest.setTimeout(180_000);
  let peers: ChannelPeers;
  let t: TestApp;

  beforeAll(async () => {
    peers = await startChannelPeers({ parseMail: false });
    // One email a batch, each answer a little late: 120 commits over two seconds or so, each a chance for two reads
    // a moment apart to disagree (with batches of 10 the sections read concurrently fell between two commits).
    peers.smtp.answerDelayMs = 20;
    t = await startTestApp({ ...peers.env, DELIVERY_POLL_MS: '50', DELIVERY_BATCH_SIZE: '1' });
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  it('counts in its delivery table the acceptances its timeline shows', async () => {
    const { prefect, event, dispatch } = await emailBulletinTo(t, 'report-snapshot', N);
    const reviewer = (await t.userWithRole('reviewer', 'auditrice')).token;
    const message = await dispatch();

    const reports: { table: number; timeline: number }[] = [];
    for (;;) {
      const md = (await t.http().get(`/api/events/${event.id}/report.md`).set('Authorization', `Bearer ${reviewer}`).expect(200)).text;
      reports.push(acceptedIn(md));
      if (reports.at(-1)!.table === N) break;
    }
    // Some reports were made while the batches committed, not only before or after them.
    expect(reports.some((r) => r.table > 0 && r.table < N)).toBe(true);
    expect(reports.filter((r) => r.table !== r.timeline)).toEqual([]);
    expect(reports.at(-1)).toEqual({ table: N, timeline: N });
    expect((await settled(t, prefect, message.id)).summary.map((s) => s.sent)).toEqual([N]);
  });
});
