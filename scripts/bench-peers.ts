import { fork } from 'node:child_process';
import { join } from 'node:path';
import { startChannelPeers } from '../test/peers/channel-peers';

/**
 * The channel peers (SMTP sink, SMS gateway, X, Facebook) in a process of
 * their own: their CPU counts neither against the app nor against the raw
 * pool it is compared with. Run as a child, it sends the app's environment for
 * the peers once listening, answers `{ count: true }` with what it accepted,
 * and stops when its parent goes.
 */
if (require.main === module) {
  void (async () => {
    const peers = await startChannelPeers({ parseMail: false });
    process.on('message', (m: { count?: boolean }) => {
      if (m.count) process.send!({ accepted: { email: peers.smtp.accepted, sms: peers.sms.jobs.length } });
    });
    process.on('disconnect', () => void peers.stop().finally(() => process.exit(0)));
    process.send!({ env: peers.env });
  })();
}

export interface PeersProcess {
  env: Record<string, string>;
  pid: number;
  /** Emails and SMS the peers accepted so far. */
  accepted(): Promise<{ email: number; sms: number }>;
  stop(): void;
}

export async function startPeersProcess(): Promise<PeersProcess> {
  const child = fork(join(__dirname, 'bench-peers.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('message', (m: { env: Record<string, string> }) => resolve(m.env));
    child.once('exit', (code) => reject(new Error(`the peers process stopped (${code})`)));
  });
  return {
    env,
    pid: child.pid!,
    accepted: () =>
      new Promise((resolve) => {
        child.once('message', (m: { accepted: { email: number; sms: number } }) => resolve(m.accepted));
        child.send({ count: true });
      }),
    stop: () => child.kill('SIGTERM'),
  };
}
