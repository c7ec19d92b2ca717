import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createTransport } from 'nodemailer';

/**
 * The ceiling the email path is compared with: a raw nodemailer pool (5
 * connections) sending `count` emails into the SMTP sink, as fast as it can,
 * each the same message as the app's (sender, subject, text and HTML, a
 * reference header), composed by nodemailer from scratch each time.
 * Used in the bench's own process by the dispatch section, and as a process of
 * its own, profiled, by `BENCH_PROFILE=email npm run bench:profile`
 * (`node bench-raw-pool.js <smtp-url> <count> <email JSON file> [<profile file>]` prints its rate).
 */
/** What the raw pool sends: the app's own email of the bulletin measured beside it (same sender, subject, parts, header). */
export interface RawEmail {
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** The recipients' addresses are `${toPrefix}${i}@${toDomain}`: the elected officials the app sends to. */
  toPrefix: string;
  toDomain: string;
}

export async function rawNodemailerRate(smtpUrl: string, count: number, mail: RawEmail): Promise<number> {
  const port = Number(new URL(smtpUrl).port);
  const transport = createTransport({ pool: true, maxConnections: 5, maxMessages: Infinity, host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({
        from: mail.from,
        to: `${mail.toPrefix}${i}@${mail.toDomain}`,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'X-Crisis-Reference': randomUUID() },
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return count / seconds;
}

/** The rate, with a CPU profile of the sends alone (not the start-up) written to `profileFile` when given. */
async function runAlone(url: string, count: number, mail: RawEmail, profileFile?: string): Promise<number> {
  if (!profileFile) return rawNodemailerRate(url, count, mail);
  const session = new Session();
  session.connect();
  const post = <T>(method: string) => new Promise<T>((resolve, reject) => session.post(method, (err, r) => (err ? reject(err) : resolve(r as T))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const rate = await rawNodemailerRate(url, count, mail);
  const { profile } = await post<{ profile: unknown }>('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
  return rate;
}

if (require.main === module) {
  const [url, count, mailFile, profileFile] = process.argv.slice(2);
  runAlone(url, Number(count), JSON.parse(readFileSync(mailFile, 'utf8')) as RawEmail, profileFile).then(
    (rate) => process.stdout.write(`${JSON.stringify({ rate })}\n`),
    (e: Error) => {
      process.stderr.write(`raw pool failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
