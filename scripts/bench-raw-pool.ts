import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createTransport } from 'nodemailer';

/**
 * The ceiling the email path is compared with: a raw nodemailer pool (5
 * connections) sending `count` emails into the SMTP sink, as fast as it can.
 * Used in the bench's own process by the dispatch section, and as a process of
 * its own, profiled, by `BENCH_PROFILE=email npm run bench:profile`
 * (`node bench-raw-pool.js <smtp-url> <count> [<profile file>]` prints its rate).
 */
export const BENCH_BODY_TEXT = 'La Moselle a dépassé la cote d’alerte à Épinal. '.repeat(20);

export async function rawNodemailerRate(smtpUrl: string, count: number): Promise<number> {
  const port = Number(new URL(smtpUrl).port);
  const transport = createTransport({ pool: true, maxConnections: 5, maxMessages: Infinity, host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({ from: 'alerte@vosges.example.org', to: `raw${i}@example.org`, subject: 'Point de situation', text: BENCH_BODY_TEXT, html: `<p>${BENCH_BODY_TEXT}</p>` }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}

/** The rate, with a CPU profile of the sends alone (not the start-up) written to `profileFile` when given. */
async function runAlone(url: string, count: number, profileFile?: string): Promise<number> {
  if (!profileFile) return rawNodemailerRate(url, count);
  const session = new Session();
  session.connect();
  const post = <T>(method: string) => new Promise<T>((resolve, reject) => session.post(method, (err, r) => (err ? reject(err) : resolve(r as T))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const rate = await rawNodemailerRate(url, count);
  const { profile } = await post<{ profile: unknown }>('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
  return rate;
}

if (require.main === module) {
  const [url, count, profileFile] = process.argv.slice(2);
  runAlone(url, Number(count), profileFile).then(
    (rate) => process.stdout.write(`${JSON.stringify({ rate })}\n`),
    (e: Error) => {
      process.stderr.write(`raw pool failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
