import { createTransport, type SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { EmailMessageTemplate } from '../src/modules/channels/email-message.factory';
import { startPeersProcess } from './bench-peers';
import { cpuSeconds, loadAverage, median } from './bench-support';

/**
 * Three ways of handing one content's emails to nodemailer, in one process, in
 * interleaved rounds against the bench's SMTP sink (a child process): the CPU
 * per email of this process and of the sink, and the rate. What the email
 * adapter's template was chosen on (README, "Figures of 2026-12-07").
 * `node dist/scripts/bench-email-handoff.js`; EMAILS per round (3000), ROUNDS (5).
 */
const EMAILS = Number(process.env.EMAILS ?? 3000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONNECTIONS = 25;

async function main(): Promise<void> {
  const peers = await startPeersProcess();
  const smtp = new URL(peers.env.SMTP_URL);
  const transport = createTransport({ pool: true, maxConnections: CONNECTIONS, host: smtp.hostname, port: Number(smtp.port), secure: false });
  const from = { name: 'Préfecture des Vosges', address: 'alerte@vosges.gouv.fr' };
  const subject = 'Crue de la Moselle – évacuation des quartiers bas';
  const text = 'La Moselle déborde à Épinal. Évitez les berges et suivez les consignes des secours.\n'.repeat(15);
  const files = { disableFileAccess: true, disableUrlAccess: true };
  const [t, h] = new MailComposer({ text, html: `<p>${text}</p>`, ...files }).compile().childNodes;
  const parts = { text: { raw: await t.build() }, html: { raw: await h.build() } };
  const template = (await EmailMessageTemplate.of({ from, subject, ...parts, ...files }))!;
  const message = (i: number): SendMailOptions => ({ from, to: { name: '', address: `maire${i}@example.org` }, subject, ...parts, headers: { 'X-Crisis-Reference': `dlv-${i}` }, ...files });
  const ways: Record<string, (i: number) => Promise<unknown>> = {
    'the message object, streamed by nodemailer': (i) => transport.sendMail(message(i)),
    'composed into one buffer first': async (i) => {
      const node = new MailComposer(message(i)).compile();
      return transport.sendMail({ envelope: node.getEnvelope(), raw: await node.build(), messageId: node.messageId() });
    },
    'from the content’s template (the adapter’s way)': (i) => transport.sendMail(template.fill(`maire${i}@example.org`, `dlv-${i}`, new Date())),
  };
  const round = async (send: (i: number) => Promise<unknown>) => {
    let next = 0;
    const cpu0 = process.cpuUsage();
    const sink0 = cpuSeconds(peers.pid);
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < EMAILS) await send(next++);
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { app: (cpu.user + cpu.system) / 1000 / EMAILS, sink: ((cpuSeconds(peers.pid) - sink0) * 1000) / EMAILS, rate: EMAILS / ((Date.now() - t0) / 1000) };
  };
  process.stdout.write(`load average at start: ${loadAverage()}\n`);
  await round(ways['the message object, streamed by nodemailer']); // warm-up
  const names = Object.keys(ways);
  const results = new Map(names.map((n) => [n, [] as { app: number; sink: number; rate: number }[]]));
  for (let r = 0; r < ROUNDS; r++) for (const n of r % 2 ? [...names].reverse() : names) results.get(n)!.push(await round(ways[n]));
  for (const [n, rs] of results) {
    const m = (k: 'app' | 'sink' | 'rate') => median(rs.map((x) => x[k]));
    process.stdout.write(`${n}: app CPU ${m('app').toFixed(2)} ms an email, sink ${m('sink').toFixed(2)} ms, ${m('rate').toFixed(0)} emails/s (medians of ${ROUNDS} rounds of ${EMAILS})\n`);
  }
  process.stdout.write(`load average at end: ${loadAverage()}\n`);
  transport.close();
  peers.stop();
}

void main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
