import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntryRecord } from '../../src/domain/audit/audit-chain';
import type { ProofBundle } from '../../src/domain/proof/proof-bundle';
import { ACK_SECRET, standardCell } from '../cell/support';
import { createEvent, secondsAgo } from '../events/support';
import { BULLETIN, draftApproveDispatch, importContacts, inHours, settled } from '../messages/support';
import { ChannelPeers, startChannelPeers } from '../peers/channel-peers';
import { startTestApp, TestApp } from '../support/test-app';

const CLI = join(__dirname, '..', '..', 'dist', 'scripts', 'audit-verify.js');

/** The real command, as a reviewer runs it: `node dist/scripts/audit-verify.js proof.json`. */
function verify(dir: string, bundle: unknown, name: string): Promise<{ code: number; out: string[]; err: string }> {
  const file = join(dir, name);
  writeFileSync(file, typeof bundle === 'string' ? bundle : JSON.stringify(bundle, null, 2));
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, file], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, out: stdout.split('\n').filter(Boolean), err: stderr });
    });
  });
}

type Clock = { key: string; status: string; metAt: string | null };
const STATUS_WORDS: Record<string, string> = { met: 'met', missed: 'missed', pending: 'pending', not_started: 'not started' };

/**
 * A real night through HTTP: the event, a retroactive COD decision, the cell
 * paged through the SMTP and SMS peers and declared operational, a bulletin
 * accepted by the SMTP peer (C2-elected) and put on the public page
 * (C2-public), the CIP ordered and opened. Its proof is downloaded and checked
 * by the real CLI, then tampered with.
 */
describe('proof bundle of an event, downloaded over HTTP and checked by the real CLI', () => {
  jest.setTimeout(240_000);
  let peers: ChannelPeers;
  let t: TestApp;
  let dir: string;
  let prefect: string;
  let duty: string;
  let reviewer: string;
  let eventId: string;
  let bundle: ProofBundle;
  let apiClocks: Clock[];
  let filename: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.build.json)`);
    dir = mkdtempSync(join(tmpdir(), 'proof-e2e-'));
    peers = await startChannelPeers();
    t = await startTestApp({ ...peers.env, CELL_ACK_SECRET: ACK_SECRET, PUBLIC_BASE_URL: 'https://crise.vosges.example.org', DELIVERY_POLL_MS: '100', CHANNEL_TIMEOUT_SECONDS: '5' });
    const admin = await t.adminToken();
    prefect = (await t.userWithRole('prefect', 'prefet')).token;
    duty = (await t.userWithRole('duty_officer', 'astreinte')).token;
    reviewer = (await t.userWithRole('reviewer', 'auditrice')).token;
    const writer = (await t.userWithRole('communication', 'redactrice')).token;
    await standardCell(t, admin);
    const listId = await importContacts(t, admin, ['mayor;Sophie Marchal;Mairie d’Épinal;88160;maire.epinal@vosges.example.org;;non;proof-elus'], 'proof-elus');

    // Another event first, whose entries come before ours and stay out of the bundle.
    await createEvent(t, duty, { title: 'Inondation — Moselle', kind: 'flood' });
    eventId = (await createEvent(t, duty)).id;
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    await t
      .http()
      .post(`/api/events/${eventId}/cod-activation`)
      .set(auth(prefect))
      .send({ decidedBy: 'M. le Préfet', decidedAt: secondsAgo(300), reason: 'saisie après la réunion du COD' })
      .expect(200);
    expect((await t.http().post(`/api/events/${eventId}/cell-activation`).set(auth(duty))).status).toBe(201);
    // The other event moves meanwhile: its entries become links inside our segment.
    const other = (await createEvent(t, duty, { title: 'Tempête — Hautes-Vosges', kind: 'storm' })).id;
    await t.http().post(`/api/events/${other}/cod-activation`).set(auth(prefect)).send({ decidedBy: 'M. le Préfet' }).expect(200);
    const { message } = await draftApproveDispatch(t, writer, prefect, eventId, {
      ...BULLETIN,
      nextUpdateAt: inHours(2),
      audiences: ['elected', 'public'],
      channels: { elected: ['email'], public: ['public_page'] },
      listIds: { elected: [listId] },
    });
    const done = await settled(t, prefect, message.id);
    expect(done.items.map((d) => `${d.channel}:${d.status}`).sort()).toEqual(['email:sent', 'public_page:sent']);
    await t
      .http()
      .post(`/api/events/${eventId}/cell-operational`)
      .set(auth(duty))
      .send({ declaredBy: 'Claire Dupont' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    await t.http().post(`/api/events/${eventId}/cip-order`).set(auth(prefect)).send({ nationalNumber: '0 800 130 000', orderedBy: 'M. le Préfet' }).expect(200);
    await t.http().post(`/api/events/${eventId}/cip-opened`).set(auth(duty)).send({}).expect(200);

    const res = await t.http().get(`/api/events/${eventId}/proof`).set(auth(reviewer));
    expect(res.status).toBe(200);
    bundle = res.body;
    filename = String(res.headers['content-disposition']);
    apiClocks = (await t.http().get(`/api/events/${eventId}/commitments`).set(auth(reviewer)).expect(200)).body.commitments;
  });

  afterAll(async () => {
    await t?.close();
    await peers?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const entryOf = (b: ProofBundle, action: string) => b.segment.find((i): i is AuditEntryRecord => 'action' in i && i.action === action && i.subjectId === eventId)!;
  const copy = (): ProofBundle => JSON.parse(JSON.stringify(bundle));

  it('is one attachment holding the event’s entries in full, links for the others, the clocks and the receipts', () => {
    expect(filename).toMatch(new RegExp(`^attachment; filename="proof-${eventId}-\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z\\.json"$`));
    expect(bundle.format).toBe('prefecture-proof-bundle/1');
    expect(bundle.eventId).toBe(eventId);
    expect(bundle.segment[0]).toMatchObject({ action: 'event.created', subjectId: eventId });
    const links = bundle.segment.filter((i) => !('action' in i));
    expect(links.length).toBeGreaterThanOrEqual(2); // the other event's activation and its timers at least
    for (const l of links) expect(Object.keys(l).sort()).toEqual(['hash', 'prevHash', 'seq']);
    expect(bundle.segment.map((i) => i.seq)).toEqual(Array.from({ length: bundle.count }, (_, k) => bundle.firstSeq + k));
    const actions = bundle.segment.flatMap((i) => ('action' in i ? [i.action] : []));
    expect(actions).toEqual(
      expect.arrayContaining(['event.cod_activated', 'cell.called', 'cell.paged', 'cell.operational', 'delivery.results', 'event.fact_recorded', 'event.cip_ordered', 'event.cip_opened']),
    );
    // The decision and its recording are both there.
    const cod = entryOf(bundle, 'event.cod_activated').payload as { decidedAt: string; recordedAt: string };
    expect(Date.parse(cod.recordedAt) - Date.parse(cod.decidedAt)).toBeGreaterThan(250_000);
    expect(bundle.commitments.map((c) => c.status)).toEqual(apiClocks.map((c) => c.status));
    expect(bundle.settings.durationMinutes).toEqual({ C1: 60, 'C2-elected': 60, 'C2-public': 60, 'C2-media': 60, C4: 60 });
    const receipts = Object.fromEntries(bundle.providerProofs.map((p) => [p.channel, p]));
    expect(Object.keys(receipts).sort()).toEqual(['email', 'public_page']);
    expect(receipts.email.proof.response).toMatch(/^250/);
    expect(receipts.email.audience).toBe('elected');
    expect(receipts.public_page.proof.url).toContain(`/public/events/${eventId}`);
    // No secret of the peers' accounts anywhere in the file.
    const text = JSON.stringify(bundle);
    for (const secret of ['as-test-secret', 'x-access-secret', 'fb-page-token', ACK_SECRET]) expect(text).not.toContain(secret);
  });

  it('verifies with exit 0 and one line per commitment that agrees with the API', async () => {
    expect(apiClocks.map((c) => `${c.key}:${c.status}`)).toEqual(['C1:met', 'C2-elected:met', 'C2-public:met', 'C2-media:pending', 'C4:met']);
    const r = await verify(dir, bundle, 'proof.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(6);
    apiClocks.forEach((c, i) => expect(r.out[i].startsWith(`${c.key} ${STATUS_WORDS[c.status]}`)).toBe(true));
    // A time on another day than the COD's carries its date (a run near midnight, Paris time).
    const time = '(\\d{2}/\\d{2}/\\d{4} )?\\d{2}:\\d{2}';
    expect(r.out[1]).toMatch(new RegExp(`^C2-elected met \\d+\\.\\d min \\(COD decided \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}, first accepted ${time} Paris, email; due ${time}\\)$`));
    expect(r.out[5]).toMatch(
      new RegExp(`^OK event ${eventId}: \\d+ entries and \\d+ links, .*head ${bundle.headHash}; 5 of 5 commitments recomputed; 2 provider receipt\\(s\\) bound to their entries$`),
    );
  });

  it('refuses one edited byte of an entry, a dropped entry and an edited commitment, each with exit 1 and named', async () => {
    const edited = copy();
    const cod = entryOf(edited, 'event.cod_activated');
    (cod.payload as { decidedBy: string }).decidedBy = 'M. le Prefet'; // é → e
    let r = await verify(dir, edited, 'edited-entry.json');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([`BROKEN at seq ${cod.seq}: entry ${cod.seq}: its content no longer matches its hash (payload or fields changed)`]);

    const dropped = copy();
    const fact = entryOf(dropped, 'event.fact_recorded');
    dropped.segment = dropped.segment.filter((i) => i.seq !== fact.seq);
    r = await verify(dir, dropped, 'dropped-entry.json');
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(new RegExp(`^BROKEN at seq ${fact.seq}: seq ${fact.seq} is missing \\(an entry or a link was dropped\\)`));

    const lied = copy();
    lied.commitments[4].status = 'missed';
    r = await verify(dir, lied, 'edited-commitment.json');
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^BROKEN: commitment C4: the bundle says missed but its entries give met \(from entries \d+, \d+\)$/);

    const link = copy();
    const at = link.segment.findIndex((i) => !('action' in i));
    const linkSeq = link.segment[at].seq;
    link.segment.splice(at, 1);
    r = await verify(dir, link, 'dropped-link.json');
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(new RegExp(`^BROKEN at seq ${linkSeq}: seq ${linkSeq} is missing`));

    const receipt = copy();
    receipt.providerProofs.find((p) => p.channel === 'email')!.proof.messageId = '<forged@vosges.example.org>';
    r = await verify(dir, receipt, 'edited-receipt.json');
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^BROKEN: provider proof of delivery [0-9a-f-]{36} \(email, elected\): the bundle says proof .* but entry \d+ \(delivery\.results\) says/);

    r = await verify(dir, '{"format": "prefecture-proof-bundle/1"', 'truncated.json');
    expect(r.code).toBe(2);
  });

  it('answers 400 for an id that is not a UUID, 404 for an unknown event, 403 for a role that may not export', async () => {
    const bad = await t.http().get('/api/events/not-an-id/proof').set('Authorization', `Bearer ${reviewer}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/is not an event id: an event id is a UUID/);
    const unknown = await t.http().get('/api/events/3f2b8c4e-1d2a-4e5f-9a6b-7c8d9e0f1a2b/proof').set('Authorization', `Bearer ${reviewer}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/No major event with id/);
    const writer = (await t.userWithRole('communication', 'redacteur2')).token;
    expect((await t.http().get(`/api/events/${eventId}/proof`).set('Authorization', `Bearer ${writer}`)).status).toBe(403);
    expect((await t.http().get(`/api/events/${eventId}/proof`)).status).toBe(401);
  });
});
