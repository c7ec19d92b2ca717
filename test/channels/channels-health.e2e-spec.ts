import { ChannelsService } from '../../src/modules/channels/channels.service';
import { waitFor } from '../events/support';
import { startTestApp } from '../support/test-app';
import { outbound } from './outbound';
import { AllPeers, SECRETS } from './peers-env';

// One application in this file: nestjs-pino keeps one root logger per process, so the logs of a
// second application started in the same file would land in the first one's captured lines.
describe('/api/health with every channel configured', () => {
  it('lists them live with hosts only, never a credential; sends without logging a secret; closes the SMTP pool on shutdown', async () => {
    const peers = await new AllPeers().start();
    const app = await startTestApp(peers.env({ exerciseAccounts: true }));
    let closed = false;
    try {
      const res = await app.http().get('/api/health').expect(200);
      const host = (url: string) => new URL(url).host;
      expect(res.body.channels).toEqual([
        { channel: 'email', mode: 'live', target: `127.0.0.1:${peers.smtp.port}` },
        { channel: 'sms', mode: 'live', target: host(peers.sms.url) },
        { channel: 'x', mode: 'live', target: host(peers.x.url), exerciseMode: 'live', exerciseTarget: host(peers.x.url) },
        { channel: 'facebook', mode: 'live', target: host(peers.facebook.url), exerciseMode: 'live', exerciseTarget: host(peers.facebook.url) },
        { channel: 'instagram', mode: 'live', target: host(peers.instagram.url), exerciseMode: 'live', exerciseTarget: host(peers.instagram.url) },
        { channel: 'mastodon', mode: 'live', target: host(peers.mastodon.url), exerciseMode: 'live', exerciseTarget: host(peers.mastodon.url) },
        { channel: 'bluesky', mode: 'live', target: host(peers.bluesky.url), exerciseMode: 'live', exerciseTarget: host(peers.bluesky.url) },
        { channel: 'webhook', mode: 'live', target: host(peers.webhook.url) },
        { channel: 'public_page', mode: 'live', target: 'crise.vosges.example.org' },
      ]);

      const channels = app.app.get(ChannelsService);
      const sent = await Promise.all([
        channels.send(outbound({ channel: 'email', to: 'elu@example.org' })),
        channels.send(outbound({ channel: 'sms', to: '+33612345678' })),
        channels.send(outbound({ channel: 'x' })),
        channels.send(outbound({ channel: 'facebook' })),
        channels.send(outbound({ channel: 'webhook' })),
        channels.send(outbound({ channel: 'mastodon' })),
        channels.send(outbound({ channel: 'bluesky' })),
      ]);
      expect(sent.map((o) => o.kind)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
      expect(app.logs.join('\n')).toContain(
        'channels: email=live sms=live x=live+exercise facebook=live+exercise instagram=live+exercise mastodon=live+exercise bluesky=live+exercise webhook=live public_page=live',
      );

      const everything = JSON.stringify(res.body) + app.logs.join('\n') + JSON.stringify(sent);
      for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);

      expect(peers.smtp.openConnections()).toBeGreaterThan(0);
      await app.close();
      closed = true;
      await waitFor('the SMTP pool to close', async () => peers.smtp.openConnections() === 0, 10_000);
    } finally {
      if (!closed) await app.close();
      await peers.stop();
    }
  });
});
