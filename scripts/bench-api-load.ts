import { approvedBulletin, benchDatabase, dispatchAndWait, importContacts, login, openEvent, staff, startApp } from './bench-app';
import { startPeersProcess } from './bench-peers';
import { BenchRow } from './bench-support';

// autocannon ships no types: the part of its API used here.
interface CannonResult {
  latency: { p50: number; p99: number; max: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
}
interface CannonInstance {
  stop(): void;
}
interface CannonClient {
  setRequests(requests: { path: string; headers: Record<string, string> }[]): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS package without types
const autocannon = require('autocannon') as (opts: Record<string, unknown>, done: (err: Error | null, result: CannonResult) => void) => CannonInstance;

const READERS = 50;
const ELECTED = 1000;

/**
 * The API while a dispatch goes out: 50 concurrent readers (autocannon, in
 * this process) of the event, its clocks and its deliveries, while 1,000
 * elected officials get the bulletin by email and SMS (2,000 deliveries); the
 * app in its own process, the peers in another.
 */
export async function apiLoadBench(mainJs: string, dbLabel: string): Promise<BenchRow[]> {
  const peers = await startPeersProcess();
  const db = await benchDatabase('api');
  const app = await startApp(mainJs, { ...peers.env, ...db.env });
  try {
    const tokens = await staff(app);
    const { lists } = await importContacts(app, tokens.admin, 'api-elected', ELECTED);
    const event = await openEvent(app, tokens.prefect, 'Crue de la Moselle (lecteurs)');
    // Fifty people, fifty sessions: each reader's requests carry its own token, as fifty consoles' would.
    const sessions = await Promise.all(Array.from({ length: READERS }, () => login(app, 'prefet', 'prefet-password-123')));
    let nextSession = 0;
    const paths = [`/api/events/${event}`, `/api/events/${event}/commitments`, `/api/events/${event}/deliveries`];
    const id = await approvedBulletin(app, tokens, event, { audiences: ['elected'], channels: { elected: ['email', 'sms'] }, listIds: { elected: [lists.get('api-elected')!] } });
    let finish!: (r: CannonResult) => void;
    const result = new Promise<CannonResult>((resolve) => (finish = resolve));
    const cannon = autocannon(
      {
        url: app.base,
        connections: READERS,
        duration: 120,
        requests: paths.map((path) => ({ path })),
        // Each connection's three requests with its own session (setHeaders would change only the first).
        setupClient: (client: CannonClient) => {
          const headers = { authorization: `Bearer ${sessions[nextSession++ % READERS]}` };
          client.setRequests(paths.map((path) => ({ path, headers })));
        },
      },
      (err, r) => (err ? finish({ latency: { p50: NaN, p99: NaN, max: NaN }, requests: { total: 0 }, non2xx: 0, errors: 1 }) : finish(r)),
    );
    const sent = await dispatchAndWait(app, tokens.prefect, event, id);
    cannon.stop();
    const r = await result;
    return [
      {
        figure: `API p50 / p99 / max for ${READERS} readers (a session each) of the event, its clocks and deliveries during a ${sent.total} dispatch (${dbLabel})`,
        value: `${r.latency.p50} / ${r.latency.p99} / ${r.latency.max} ms`,
        target: 'p99 < 200 ms',
        ok: r.latency.p99 < 200 && r.non2xx === 0 && r.errors === 0,
      },
      { figure: `  requests answered during it (non-2xx, errors) (${dbLabel})`, value: `${r.requests.total} (${r.non2xx}, ${r.errors})`, target: '-', ok: true },
      { figure: `  that dispatch, dispatch → last recorded (${dbLabel})`, value: `${sent.seconds.toFixed(2)} s`, target: '-', ok: sent.notSent === 0 },
    ];
  } finally {
    await app.stop();
    peers.stop();
    await db.drop();
  }
}
