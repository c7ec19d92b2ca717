import { AuditEntryRecord, computeEntryHash, GENESIS_HASH } from '../../src/domain/audit/audit-chain';
import { Commitment, computeCommitments, DEFAULT_COMMITMENT_SETTINGS } from '../../src/domain/events/commitment-clocks';
import { belongsToEvent, deriveCommitmentFacts } from '../../src/domain/proof/commitment-facts';
import { buildProofBundle, CommitmentShown, ProofBundle, ProviderProof } from '../../src/domain/proof/proof-bundle';

/**
 * A night of one event, as audit entries, mixed with entries of another event
 * and of the roster (they become links in the proof). Paris is UTC+1 in
 * December: 01:10Z is 02:10 in Paris.
 */
export const EVENT = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
export const OTHER = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
export const DELIVERY = 'd0d0d0d0-1111-4222-8333-444455556666';
export const MESSAGE = 'aaaa0000-bbbb-4ccc-8ddd-eeeeffff0000';
export const NOW = '2026-12-03T03:00:00.000Z';

type Content = Omit<AuditEntryRecord, 'prevHash' | 'hash'>;
type Draft = Omit<Content, 'seq'>;

const ev = (action: string, at: string, payload: Record<string, unknown>, actor = 'astreinte'): Draft => ({ at, actor, action, subjectType: 'event', subjectId: EVENT, payload });

export const EMAIL_PROOF = { messageId: '<b1@vosges.example.org>', response: '250 2.0.0 OK queued as 4242' };

/** The drafts in log order; `edit` may change a payload before the chain is hashed. */
export function scenarioDrafts(): Draft[] {
  return [
    { at: '2026-12-03T00:50:00.000Z', actor: 'admin', action: 'cell.member_created', subjectType: 'cell_member', subjectId: 'm1', payload: { name: 'Claire Dupont' } },
    { at: '2026-12-03T00:55:00.000Z', actor: 'admin', action: 'event.created', subjectType: 'event', subjectId: OTHER, payload: { title: 'Autre', kind: 'flood', mode: 'exercise' } },
    ev('event.created', '2026-12-03T01:05:00.000Z', {
      title: 'Feu de forêt — massif de la Vologne',
      kind: 'forest_fire',
      mode: 'real',
      communes: [{ code: '88160', name: 'Épinal' }],
      synergiRef: null,
    }),
    { at: '2026-12-03T01:06:00.000Z', actor: 'admin', action: 'event.cod_activated', subjectType: 'event', subjectId: OTHER, payload: { decidedAt: '2026-12-03T00:40:00.000Z' } },
    ev('cell.called', '2026-12-03T01:14:00.050Z', { activationId: 'a1', calledAt: '2026-12-03T01:14:00.000Z', c1Started: true, mode: 'real', pagedRoles: ['chief'], uncoveredRoles: [] }),
    { at: '2026-12-03T01:14:00.060Z', actor: 'astreinte', action: 'cell.paged', subjectType: 'cell_page', subjectId: 'p1', payload: { eventId: EVENT, role: 'chief', memberName: 'Claire Dupont' } },
    // Decided at 02:10, recorded at 02:25 (Paris): the clock runs from the decision.
    ev(
      'event.cod_activated',
      '2026-12-03T01:25:00.010Z',
      { decidedAt: '2026-12-03T01:10:00.000Z', recordedAt: '2026-12-03T01:25:00.000Z', decidedBy: 'M. le Préfet', retroactive: true, reason: 'saisie après la réunion', synergiRef: null },
      'prefet',
    ),
    { at: '2026-12-03T01:26:00.000Z', actor: 'admin', action: 'cell.rotation_created', subjectType: 'cell_rotation', subjectId: 'r1', payload: { role: 'chief' } },
    {
      at: '2026-12-03T01:27:30.100Z',
      actor: 'system',
      action: 'delivery.results',
      subjectType: 'message',
      subjectId: MESSAGE,
      payload: {
        eventId: EVENT,
        counts: { sent: 1 },
        results: [
          {
            deliveryId: DELIVERY,
            channel: 'email',
            audience: 'elected',
            recipient: 'Sophie Marchal',
            status: 'sent',
            attempts: 1,
            proof: EMAIL_PROOF,
            acceptedAt: '2026-12-03T01:27:30.000Z',
            error: null,
          },
        ],
      },
    },
    ev(
      'event.fact_recorded',
      '2026-12-03T01:27:30.120Z',
      { factId: 'f1', audience: 'elected', manual: false, description: 'Bulletin accepté', means: 'email', occurredAt: '2026-12-03T01:27:30.000Z', deliveryId: DELIVERY, messageId: MESSAGE },
      'system',
    ),
    ev('event.cip_ordered', '2026-12-03T01:30:00.010Z', {
      orderedAt: '2026-12-03T01:30:00.000Z',
      recordedAt: '2026-12-03T01:30:00.000Z',
      orderedBy: 'M. le Préfet',
      nationalNumber: '+33800100200',
      retroactive: false,
      reason: null,
    }),
    { at: '2026-12-03T01:40:00.000Z', actor: 'admin', action: 'event.cip_ordered', subjectType: 'event', subjectId: OTHER, payload: { orderedAt: '2026-12-03T01:40:00.000Z' } },
    ev('event.cip_opened', '2026-12-03T01:50:00.010Z', { openedAt: '2026-12-03T01:50:00.000Z', recordedAt: '2026-12-03T01:50:00.000Z', retroactive: false, reason: null }),
    ev('cell.operational', '2026-12-03T01:56:00.010Z', { auto: false, at: '2026-12-03T01:56:00.000Z', declaredBy: 'Claire Dupont', requiredRoles: ['chief'], missingRoles: [] }),
    // Media told by phone, late: C2-media is missed with a manual fact.
    ev('event.fact_recorded', '2026-12-03T02:31:00.010Z', {
      factId: 'f2',
      audience: 'media',
      manual: true,
      description: 'Appel AFP',
      means: 'téléphone',
      occurredAt: '2026-12-03T02:30:00.000Z',
      doneBy: 'astreinte',
      reason: null,
    }),
    { at: '2026-12-03T02:40:00.000Z', actor: 'admin', action: 'cell.member_updated', subjectType: 'cell_member', subjectId: 'm1', payload: { changes: {} } },
  ];
}

export function chainOf(drafts: Draft[]): AuditEntryRecord[] {
  let prevHash = GENESIS_HASH;
  return drafts.map((d, i) => {
    const content: Content = { seq: i + 1, ...d };
    const hash = computeEntryHash(prevHash, content);
    const e = { ...content, prevHash, hash };
    prevHash = hash;
    return e;
  });
}

/** What GET /api/events/:id/commitments shows, for the fields the verifier compares. */
export function shownOf(c: Commitment): CommitmentShown {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    key: c.key,
    label: c.label,
    durationMinutes: c.durationMinutes,
    status: c.status,
    startedAt: iso(c.startedAt),
    dueAt: iso(c.dueAt),
    metAt: iso(c.metAt),
    elapsedMinutes: c.elapsedMinutes,
    minutesLeft: c.minutesLeft,
    manual: c.manual,
  };
}

export const EMAIL_RECEIPT: ProviderProof = {
  deliveryId: DELIVERY,
  messageId: MESSAGE,
  channel: 'email',
  audience: 'elected',
  status: 'sent',
  acceptedAt: '2026-12-03T01:27:30.000Z',
  proof: EMAIL_PROOF,
};

/** The proof bundle of EVENT as the API would build it from these drafts. */
export function scenarioBundle(drafts = scenarioDrafts(), now = NOW): ProofBundle {
  const chain = chainOf(drafts);
  const from = chain.findIndex((e) => belongsToEvent(e, EVENT));
  const rows = chain.slice(from).map((e) => ({ ...e, ofEvent: belongsToEvent(e, EVENT) }));
  const entries = rows.filter((r) => r.ofEvent);
  const { facts } = deriveCommitmentFacts(EVENT, entries);
  const commitments = computeCommitments(facts, DEFAULT_COMMITMENT_SETTINGS, new Date(now));
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const event = {
    id: EVENT,
    title: 'Feu de forêt — massif de la Vologne',
    kind: 'forest_fire',
    mode: 'real',
    status: facts.codDecidedAt ? 'cod_active' : 'open',
    cod: facts.codDecidedAt ? { decidedAt: iso(facts.codDecidedAt) } : null,
    cell: { calledAt: iso(facts.cellCalledAt), operationalAt: iso(facts.cellOperationalAt) },
    cip: facts.cipOrderedAt ? { orderedAt: iso(facts.cipOrderedAt), openedAt: iso(facts.cipOpenedAt) } : null,
  };
  return JSON.parse(
    JSON.stringify(
      buildProofBundle({ eventId: EVENT, event, rows, exportedAt: now, now, settings: DEFAULT_COMMITMENT_SETTINGS, commitments: commitments.map(shownOf), providerProofs: [EMAIL_RECEIPT] }),
    ),
  ) as ProofBundle;
}
