import { AuditEntryRecord, computeEntryHash, entryContent } from '../audit/audit-chain';
import { DELIVERY, EVENT, NOW, scenarioBundle, scenarioDrafts } from '../../../test/proof/scenario';
import { ProofBundle } from './proof-bundle';
import { verifyProofBundle } from './proof-verify';

const bySeq = (b: ProofBundle, seq: number) => b.segment.find((i) => i.seq === seq)!;
const entry = (b: ProofBundle, seq: number) => bySeq(b, seq) as AuditEntryRecord;
const commitment = (b: ProofBundle, key: string) => b.commitments.find((c) => c.key === key)!;

describe('verifyProofBundle: the offline check of an event’s proof', () => {
  it('accepts the bundle as built: one line per commitment, then OK with the head', () => {
    const b = scenarioBundle();
    expect(b.segment.map((i) => ('action' in i ? i.seq : `link ${i.seq}`))).toEqual([3, 'link 4', 5, 6, 7, 'link 8', 9, 10, 11, 'link 12', 13, 14, 15, 'link 16']);
    const r = verifyProofBundle(b);
    expect(r).toEqual({
      result: 'ok',
      lines: [
        'C1 met 42.0 min (cell called 03/12/2026 02:14, operational 02:56 Paris; due 03:14)',
        'C2-elected met 17.5 min (COD decided 03/12/2026 02:10, first accepted 02:27 Paris, email; due 03:10)',
        'C2-public missed (COD decided 03/12/2026 02:10 Paris, due 03:10, nothing accepted yet, 50.0 min overdue)',
        'C2-media missed 80.0 min (COD decided 03/12/2026 02:10, first accepted 03:30 Paris, téléphone, manual fact; due 03:10)',
        'C4 met 20.0 min (CIP ordered 03/12/2026 02:30, opened 02:50 Paris; due 03:30)',
        `OK event ${EVENT}: 10 entries and 4 links, seq 3 to 16, head ${b.headHash}; 5 of 5 commitments recomputed; 1 provider receipt(s) bound to their entries`,
      ],
    });
  });

  it('says "pending" with the time left when the bundle was taken before a due time', () => {
    const r = verifyProofBundle(scenarioBundle(undefined, '2026-12-03T02:41:00.000Z'));
    expect(r.result).toBe('ok');
    expect(r.result === 'ok' && r.lines[2]).toBe('C2-public missed (COD decided 03/12/2026 02:10 Paris, due 03:10, nothing accepted yet, 31.0 min overdue)');
    const early = scenarioDrafts().slice(0, 9);
    const r2 = verifyProofBundle(scenarioBundle(early, '2026-12-03T01:30:00.000Z'));
    expect(r2.result === 'ok' && r2.lines.slice(0, 5)).toEqual([
      'C1 pending (cell called 03/12/2026 02:14 Paris, due 03:14, 44.0 min left)',
      'C2-elected pending (COD decided 03/12/2026 02:10 Paris, due 03:10, 40.0 min left)',
      'C2-public pending (COD decided 03/12/2026 02:10 Paris, due 03:10, 40.0 min left)',
      'C2-media pending (COD decided 03/12/2026 02:10 Paris, due 03:10, 40.0 min left)',
      'C4 not started (no CIP order)',
    ]);
  });

  it('says which clock cannot be recomputed when an entry lacks the time it needs, and still checks the others', () => {
    const drafts = scenarioDrafts();
    delete (drafts[9].payload as Record<string, unknown>).occurredAt; // entry 10, the elected fact
    const b = scenarioBundle(drafts);
    // As the API showed it (from its own table), not as the entries can give it.
    commitment(b, 'C2-elected').status = 'met';
    const r = verifyProofBundle(b);
    expect(r.result).toBe('ok');
    if (r.result !== 'ok') return;
    expect(r.lines[1]).toBe('C2-elected met as the bundle says — cannot recompute from this bundle: entry 10 (event.fact_recorded) has no readable occurredAt');
    expect(r.lines.at(-1)).toMatch(/4 of 5 commitments recomputed \(1 cannot be recomputed from this bundle\)/);
  });

  it('binds a receipt whose entry was written before acceptedAt existed, and says its time is not checked', () => {
    const drafts = scenarioDrafts();
    const result = (drafts[8].payload as { results: Record<string, unknown>[] }).results[0];
    delete result.acceptedAt;
    const r = verifyProofBundle(scenarioBundle(drafts));
    expect(r.result === 'ok' && r.lines).toContain('note: 1 provider receipt(s) come from entries written before acceptedAt was recorded: their acceptance time is not checked');
  });

  /** Re-hashes the whole chain after an edit: only a head kept elsewhere catches that, the recomputation catches a lie about the clocks. */
  function rehash(b: ProofBundle) {
    let prev = b.startPrevHash;
    for (const i of b.segment) {
      if ('action' in i) {
        i.prevHash = prev;
        i.hash = computeEntryHash(prev, entryContent(i));
      } else i.prevHash = prev;
      prev = i.hash;
    }
    b.headHash = prev;
  }

  it.each<[string, (b: ProofBundle) => void, string]>([
    [
      'one byte of an entry’s payload edited',
      (b) => void ((entry(b, 10).payload as { occurredAt: string }).occurredAt = '2026-12-03T01:27:31.000Z'),
      'BROKEN at seq 10: entry 10: its content no longer matches its hash (payload or fields changed)',
    ],
    ['an entry’s actor edited', (b) => void (entry(b, 7).actor = 'quelqu’un'), 'BROKEN at seq 7: entry 7: its content no longer matches its hash'],
    [
      'an entry dropped',
      (b) =>
        void b.segment.splice(
          b.segment.findIndex((i) => i.seq === 15),
          1,
        ),
      'BROKEN at seq 15: seq 15 is missing (an entry or a link was dropped): entry 14 is followed by link 16',
    ],
    [
      'a link dropped',
      (b) =>
        void b.segment.splice(
          b.segment.findIndex((i) => i.seq === 8),
          1,
        ),
      'BROKEN at seq 8: seq 8 is missing (an entry or a link was dropped): entry 7 is followed by entry 9',
    ],
    ['a link’s hash edited', (b) => void (bySeq(b, 12).hash = 'f'.repeat(64)), 'BROKEN at seq 12: link 12 was altered: its hash is not the prevHash of entry 13'],
    ['a link’s prevHash edited', (b) => void (bySeq(b, 4).prevHash = 'e'.repeat(64)), 'BROKEN at seq 4: link 4 does not continue the chain: its prevHash is not the hash of entry 3'],
    [
      'two items swapped',
      (b) => void ([b.segment[3], b.segment[4]] = [b.segment[4], b.segment[3]]),
      'BROKEN at seq 6: seq 6 is missing (an entry or a link was dropped): entry 5 is followed by entry 7',
    ],
    ['the head hash edited', (b) => void (b.headHash = 'a'.repeat(64)), "BROKEN at seq 16: the segment ends at seq 16 but its hash is not the bundle's headHash"],
    [
      'the last link cut and the head moved, header left alone',
      (b) => {
        b.segment.pop();
        b.headHash = b.segment.at(-1)!.hash;
      },
      'BROKEN at seq 15: the bundle header says lastSeq 16 but the segment holds 15',
    ],
    [
      'an entry of another event turned full',
      (b) => {
        b.segment[1] = {
          seq: 4,
          at: '2026-12-03T01:06:00.000Z',
          actor: 'admin',
          action: 'event.cod_activated',
          subjectType: 'event',
          subjectId: 'other',
          payload: {},
          prevHash: b.segment[1].prevHash,
          hash: b.segment[1].hash,
        };
      },
      'BROKEN at seq 4: entry 4: its content no longer matches its hash',
    ],
    ['a commitment’s status edited', (b) => void (commitment(b, 'C2-media').status = 'met'), 'BROKEN: commitment C2-media: the bundle says met but its entries give missed (from entries 7, 15)'],
    [
      'a commitment’s elapsed minutes edited',
      (b) => void (commitment(b, 'C1').elapsedMinutes = 41.9),
      'BROKEN: commitment C1: the bundle says elapsedMinutes 41.9 but its entries give 42 (from entries 5, 14)',
    ],
    ['a commitment’s manual flag edited', (b) => void (commitment(b, 'C2-media').manual = false), 'BROKEN: commitment C2-media: the bundle says manual false but its entries give true'],
    ['a commitment left out', (b) => void b.commitments.splice(2, 1), 'BROKEN: commitments: the bundle lists ["C1","C2-elected","C2-media","C4"], expected the five clocks'],
    [
      '"now" set before the last entry',
      (b) => void (b.now = '2026-12-03T02:00:00.000Z'),
      'BROKEN at seq 15: the bundle says its commitments were computed at 2026-12-03T02:00:00.000Z, before entry 15 was written',
    ],
    [
      'a provider receipt edited',
      (b) => void (b.providerProofs[0].proof.messageId = '<forged@example.org>'),
      `BROKEN: provider proof of delivery ${DELIVERY} (email, elected): the bundle says proof {"messageId":"<forged@example.org>","response":"250 2.0.0 OK queued as 4242"} but entry 9 (delivery.results) says`,
    ],
    [
      'a provider receipt’s acceptance time edited',
      (b) => void (b.providerProofs[0].acceptedAt = '2026-12-03T01:20:00.000Z'),
      `BROKEN: provider proof of delivery ${DELIVERY} (email, elected): the bundle says acceptedAt "2026-12-03T01:20:00.000Z" but entry 9 (delivery.results) says "2026-12-03T01:27:30.000Z"`,
    ],
    ['a provider receipt dropped', (b) => void b.providerProofs.pop(), `BROKEN: provider proof of delivery ${DELIVERY} (email, elected): entry 9 records a receipt that providerProofs leaves out`],
    [
      'a provider receipt invented',
      (b) => void b.providerProofs.push({ ...b.providerProofs[0], deliveryId: 'ffffffff-1111-4222-8333-444455556666' }),
      'BROKEN: provider proof of delivery ffffffff-1111-4222-8333-444455556666 (email, elected): no entry of the bundle records this delivery',
    ],
    [
      'the summary’s COD time edited',
      (b) => void ((b.event.cod as { decidedAt: string }).decidedAt = '2026-12-03T01:20:00.000Z'),
      'BROKEN: event summary: the bundle says cod.decidedAt "2026-12-03T01:20:00.000Z" but the entries say "2026-12-03T01:10:00.000Z"',
    ],
    ['the summary’s title edited', (b) => void (b.event.title = 'Inondation'), 'BROKEN: event summary: the bundle says title "Inondation" but entry 3 says "Feu de forêt — massif de la Vologne"'],
    [
      'a fact entry edited and the whole chain re-hashed: the clocks no longer follow',
      (b) => {
        (entry(b, 15).payload as { occurredAt: string }).occurredAt = '2026-12-03T01:30:00.000Z';
        rehash(b);
      },
      'BROKEN: commitment C2-media: the bundle says missed but its entries give met (from entries 7, 15)',
    ],
  ])('refuses %s, naming it', (_name, tamper, expected) => {
    const b = scenarioBundle();
    tamper(b);
    const r = verifyProofBundle(JSON.parse(JSON.stringify(b)));
    if (r.result !== 'broken') throw new Error(`accepted: ${JSON.stringify(r)}`);
    expect(r.line.slice(0, expected.length)).toBe(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [1, 2], /not a JSON object/],
    ['no segment', { ...scenarioBundle(), segment: undefined }, /needs "segment" \(a list\)/],
    ['no commitments nor receipts', { ...scenarioBundle(), commitments: null, providerProofs: {} }, /needs "commitments" \(a list\), "providerProofs" \(a list\)/],
  ])('cannot check a bundle with %s', (_name, bundle, message) => {
    const r = verifyProofBundle(bundle);
    expect(r.result).toBe('unreadable');
    expect(r.result === 'unreadable' && r.message).toMatch(message);
  });

  it('takes the time of "now" at face value but not before the record', () => {
    const b = scenarioBundle();
    b.now = 'demain';
    const r = verifyProofBundle(b);
    expect(r.result === 'broken' && r.line).toBe('BROKEN: "now" must be an ISO-8601 UTC time with milliseconds, found "demain"');
  });

  it('prints a note when the bundle was computed with durations other than the published hour', () => {
    const drafts = scenarioDrafts();
    const b = scenarioBundle(drafts, NOW);
    (b.settings.durationMinutes as Record<string, number>).C4 = 30;
    commitment(b, 'C4').durationMinutes = 30;
    commitment(b, 'C4').dueAt = '2026-12-03T02:00:00.000Z';
    const r = verifyProofBundle(b);
    expect(r.result === 'ok' && r.lines).toContain('note: computed with C4 30 min; the published commitments are 60 min');
  });
});
