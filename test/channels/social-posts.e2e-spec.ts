import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { PNG } from 'pngjs';
import * as jpeg from 'jpeg-js';
import { createEvent } from '../events/support';
import { draftApproveDispatch, importContacts, inHours, settled } from '../messages/support';
import { startTestApp, TestApp } from '../support/test-app';
import { AllPeers, BSKY_REAL_DID, FB_REAL_PAGE, IG_REAL_USER, MASTODON_REAL_ACCOUNT, X_REAL_USER } from './peers-env';

const PUBLIC_CHANNELS = ['x', 'facebook', 'instagram', 'mastodon', 'bluesky', 'public_page'];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A bulletin of a real event reaches every public channel with its card, through the whole
 * application (draft, approval, dispatch, the outbox worker) and each network's peer. The app
 * listens on a real port, PUBLIC_BASE_URL: Instagram's peer downloads the card from it.
 */
const MAYORS = [1, 2].map((i) => ({ email: `maire${i}@moselle.example.org`, mobile: `+3361234570${i}` }));

describe('a bulletin on X, Facebook, Instagram, Mastodon, Bluesky and the public page with its card, and to the mayors by email and SMS', () => {
  jest.setTimeout(180_000);
  let peers: AllPeers;
  let t: TestApp;
  let base: string;
  let writer: string;
  let prefect: string;

  beforeAll(async () => {
    peers = await new AllPeers().start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp({
      ...peers.env({ exerciseAccounts: false }),
      PUBLIC_BASE_URL: base,
      DELIVERY_POLL_MS: '100',
      DELIVERY_RETRY_BASE_SECONDS: '1',
      DELIVERY_RECONCILE_AFTER_SECONDS: '1',
      CHANNEL_TIMEOUT_SECONDS: '2',
      DELIVERY_RATE_LIMITS: 'x=20,facebook=20',
    });
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(port, '127.0.0.1', resolve));
    writer = (await t.userWithRole('communication', 'redaction')).token;
    prefect = (await t.userWithRole('prefect', 'prefete')).token;
  });
  afterAll(async () => {
    await t?.close();
    await peers?.stop();
  });

  const bulletin = (eventId: string, facts: string, elected?: string) =>
    draftApproveDispatch(t, writer, prefect, eventId, {
      audiences: elected ? ['public', 'elected'] : ['public'],
      channels: { public: PUBLIC_CHANNELS, ...(elected ? { elected: ['email', 'sms'] } : {}) },
      ...(elected ? { listIds: { elected: [elected] } } : {}),
      facts,
      instructions: 'Éloignez-vous des berges, ne prenez pas votre véhicule.',
      nextUpdateAt: inHours(2),
    });
  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('reaches every network once with the card the app serves, the public page shows it with its alt text, and the mayors get it by email and SMS', async () => {
    const mayors = await importContacts(
      t,
      await t.adminToken(),
      MAYORS.map((m, i) => `mayor;Maire ${i + 1};Mairie ${i + 1};88160;${m.email};${m.mobile.replace('+33', '0')};non;maires-moselle`),
      'maires-moselle',
    );
    const event = await createEvent(t, prefect, { title: 'Crue de la Moselle à Épinal et Golbey', kind: 'flood' });
    const { message } = await bulletin(event.id, 'La Moselle dépasse la cote d’alerte à Épinal ; la montée se poursuit.', mayors);
    const done = await settled(t, prefect, message.id);
    const sentBy = (audience: string) =>
      done.items
        .filter((i) => i.audience === audience)
        .map((i) => [i.channel, i.status])
        .sort();
    expect(sentBy('public')).toEqual(PUBLIC_CHANNELS.map((c) => [c, 'sent']).sort());
    expect(sentBy('elected')).toEqual(
      MAYORS.flatMap(() => [
        ['email', 'sent'],
        ['sms', 'sent'],
      ]).sort(),
    );
    // The same bulletin by email and SMS to each mayor (those carry the text; the card goes with the posts and the page).
    const mails = peers.smtp.received.filter((m) => m.text?.includes(message.marker));
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(MAYORS.map((m) => m.email).sort());
    const texts = peers.sms.jobs.filter((j) => j.message.includes(message.marker));
    expect(texts.flatMap((j) => j.receivers).sort()).toEqual(MAYORS.map((m) => m.mobile).sort());

    // The card as the app serves it: the bytes every network must have received.
    const landscape = await get(`/public/cards/${message.id}/landscape.png`);
    const squareJpeg = await get(`/public/cards/${message.id}/square.jpg`);
    const square = await get(`/public/cards/${message.id}/square.png`);
    expect([landscape.status, landscape.type, square.status, squareJpeg.type]).toEqual([200, 'image/png', 200, 'image/jpeg']);
    const png = PNG.sync.read(landscape.bytes);
    expect([png.width, png.height]).toEqual([1200, 675]);
    expect([PNG.sync.read(square.bytes).width, jpeg.decode(squareJpeg.bytes).height]).toEqual([1080, 1080]);
    const alt = 'Inondation : Crue de la Moselle à Épinal et Golbey. Préfecture des Vosges.';

    const [xPost] = peers.x.postsOf(X_REAL_USER).filter((p) => p.text.includes(message.marker));
    const xMedia = peers.x.media.find((m) => m.id === xPost.mediaIds?.[0])!;
    const [fbPost] = peers.facebook.postsOf(FB_REAL_PAGE).filter((p) => p.message.includes(message.marker));
    const [igMedia] = peers.instagram.mediaOf(IG_REAL_USER).filter((p) => p.caption.includes(message.marker));
    const [status] = peers.mastodon.statusesOf(MASTODON_REAL_ACCOUNT).filter((s) => s.text.includes(message.marker));
    const mastodonMedia = peers.mastodon.media.find((m) => m.id === status.mediaIds[0])!;
    const [bsky] = peers.bluesky.postsOf(BSKY_REAL_DID).filter((p) => p.record.text.includes(message.marker));
    const bskyBlob = peers.bluesky.blobs.find((b) => b.cid === bsky.record.embed?.images[0].image.ref.$link)!;

    expect(xMedia.bytes.equals(landscape.bytes)).toBe(true);
    expect(fbPost.photo?.bytes.equals(landscape.bytes)).toBe(true);
    expect(igMedia.image.equals(squareJpeg.bytes)).toBe(true);
    expect(igMedia.imageUrl).toBe(`${base}/public/cards/${message.id}/square.jpg`);
    expect(mastodonMedia.bytes.equals(landscape.bytes)).toBe(true);
    expect(bskyBlob.bytes.equals(landscape.bytes)).toBe(true);
    expect([xMedia.altText, fbPost.photo?.altText, igMedia.altText, mastodonMedia.description, bsky.record.embed?.images[0].alt]).toEqual(Array(5).fill(alt));

    const page = await t.http().get(`/public/events/${event.id}`).expect(200);
    expect(page.text).toContain(`<img class="fr-responsive-img" src="/public/cards/${message.id}/landscape.png" alt="${alt}" width="1200" height="675">`);

    // What each peer received, for the record (test-artifacts/social-posts-received.json).
    const received = {
      bulletin: message.marker,
      card: { landscapePngBytes: landscape.bytes.length, squarePngBytes: square.bytes.length, squareJpegBytes: squareJpeg.bytes.length, alt },
      x: { post: xPost.id, text: xPost.text, mediaIds: xPost.mediaIds, imageBytes: xMedia.bytes.length, altText: xMedia.altText },
      facebook: { post: fbPost.id, message: fbPost.message, imageBytes: fbPost.photo?.bytes.length, altText: fbPost.photo?.altText },
      instagram: { media: igMedia.id, caption: igMedia.caption, imageUrl: igMedia.imageUrl, jpegBytes: igMedia.image.length, altText: igMedia.altText },
      mastodon: { status: status.id, text: status.text, idempotencyKey: status.idempotencyKey, imageBytes: mastodonMedia.bytes.length, description: mastodonMedia.description },
      bluesky: { uri: bsky.uri, text: bsky.record.text, blobBytes: bskyBlob.bytes.length, alt: bsky.record.embed?.images[0].alt, facets: bsky.record.facets?.length ?? 0 },
      publicPage: { url: `/public/events/${event.id}`, img: `/public/cards/${message.id}/landscape.png` },
      email: mails.map((m) => ({ to: m.envelope.to[0], subject: m.subject })),
      sms: texts.map((j) => ({ to: j.receivers, message: j.message })),
    };
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/social-posts-received.json', JSON.stringify(received, null, 2));
  });

  it('a throttled Mastodon and Bluesky wait for the time they announced, a publish that times out on Instagram is reconciled by its marker: one post each', async () => {
    const event = await createEvent(t, prefect, { title: 'Orages sur la Vôge', kind: 'storm' });
    peers.mastodon.failures.rateLimitNext(3);
    peers.bluesky.failures.rateLimitNext(3);
    peers.instagram.failures.hangNext();
    const { message } = await bulletin(event.id, 'Orages violents attendus en fin de journée.');
    const done = await settled(t, prefect, message.id, 120_000);
    expect(done.items.map((i) => [i.channel, i.status]).sort()).toEqual(PUBLIC_CHANNELS.map((c) => [c, 'sent']).sort());

    expect(peers.instagram.mediaOf(IG_REAL_USER).filter((m) => m.caption.includes(message.marker))).toHaveLength(1);
    expect(peers.mastodon.statusesOf(MASTODON_REAL_ACCOUNT).filter((s) => s.text.includes(message.marker))).toHaveLength(1);
    expect(peers.bluesky.postsOf(BSKY_REAL_DID).filter((p) => p.record.text.includes(message.marker))).toHaveLength(1);

    // The worker waited at least the announced 3 s before trying again (the lane's pause), not less.
    const attemptsOf = (peer: { requests: { method: string; path: string; body: string; at: number }[] }, path: string) =>
      peer.requests.filter((r) => r.method === 'POST' && r.path.startsWith(path) && r.body.includes(message.marker)).map((r) => r.at);
    const mastodon = attemptsOf(peers.mastodon, '/api/v1/statuses');
    const bluesky = attemptsOf(peers.bluesky, '/xrpc/com.atproto.repo.createRecord');
    expect(mastodon).toHaveLength(2);
    expect(bluesky).toHaveLength(2);
    expect(mastodon[1] - mastodon[0]).toBeGreaterThanOrEqual(2_900);
    expect(bluesky[1] - bluesky[0]).toBeGreaterThanOrEqual(2_900);

    // Instagram: the publish hung, the delivery went unknown, the marker was found: sent with that media, never published again.
    const ig = done.items.find((i) => i.channel === 'instagram')!;
    expect(ig.proof.postId ?? ig.proof.id).toBe(peers.instagram.mediaOf(IG_REAL_USER).find((m) => m.caption.includes(message.marker))!.id);
    const timeline = (await t.http().get(`/api/events/${event.id}/timeline`).set('Authorization', `Bearer ${prefect}`)).body.entries as { action: string }[];
    expect(timeline.some((e) => e.action === 'delivery.reconciled')).toBe(true);
    // No second attempt: a single container was ever made for this bulletin.
    expect(peers.instagram.containers.filter((c) => c.caption.includes(message.marker))).toHaveLength(1);
  });
});
