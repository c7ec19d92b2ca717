import type { DebriefSection, EventReport, ExerciseSection } from '../../src/domain/reports/event-report.types';

/** An exercise report with every section filled, as the other branches' services will fill them. */
export const EXERCISE: NonNullable<ExerciseSection> = {
  exerciseId: '7f1d0a52-3c44-4a9e-9c5e-0d7e2f6b1a01',
  title: 'Crue de la Moselle à Épinal',
  type: 'functional',
  objectives: ['Informer les maires dans l’heure', 'Ouvrir la CIP avec le NNIP'],
  commitments: ['C1', 'C2-elected', 'C4'],
  director: 'Mme Directrice Exercice',
  players: [
    { name: 'Claire Dupont', role: 'chef de cellule' },
    { name: 'Marc Petit', role: 'rédacteur' },
  ],
  startedAt: '2026-03-10T08:00:00.000Z',
  injects: [
    { order: 1, offsetMinutes: 0, scenario: 'La Moselle déborde à Épinal', recipient: 'chef de cellule', means: 'console', expectedAction: 'Appeler la cellule', status: 'delivered', deliveredAt: '2026-03-10T08:00:05.000Z', response: 'Cellule appelée à 09h01', respondedAt: '2026-03-10T08:01:00.000Z', respondedBy: 'Claire Dupont' },
    { order: 2, offsetMinutes: 20, scenario: 'Un journaliste de Vosges Matin appelle', recipient: 'Marc Petit', means: 'sms', expectedAction: 'Communiqué aux médias', status: 'skipped', deliveredAt: null, response: null, respondedAt: null, respondedBy: null },
  ],
};

export const DEBRIEFS: DebriefSection[] = [
  {
    phase: 'hot',
    heldAt: '2026-03-10T11:00:00.000Z',
    participants: ['Claire Dupont', 'Marc Petit', 'Mme Directrice Exercice'],
    wentWell: ['Cellule opérationnelle en 24 minutes'],
    toImprove: ['Liste des médias incomplète'],
    findings: [{ text: 'Le communiqué aux médias est parti après l’échéance', timelineSeqs: [12, 15] }],
    actions: [{ id: 'a1', title: 'Compléter la liste des médias locaux', owner: 'Marc Petit', dueDate: '2026-04-01', status: 'open', overdue: true }],
  },
  {
    phase: 'cold',
    heldAt: '2026-04-02T08:00:00.000Z',
    participants: ['Claire Dupont'],
    wentWell: [],
    toImprove: ['Former un second rédacteur'],
    findings: [],
    actions: [{ id: 'a2', title: 'Former Anne Roux à la rédaction', owner: 'Claire Dupont', dueDate: '2026-06-30', status: 'in_progress', overdue: false }],
  },
];

export function sampleReport(over: Partial<EventReport> = {}): EventReport {
  return {
    generatedAt: '2026-03-10T12:00:00.000Z',
    event: {
      id: '0c8a8d8e-6a0b-4b1e-8d6c-1f2e3d4c5b6a',
      title: 'Crue de la Moselle — exercice',
      kind: 'flood',
      kindLabel: 'Inondation',
      mode: 'exercise',
      communes: [{ code: '88160', name: 'Épinal' }],
      synergiRef: 'SYN-88-2026-0042',
      status: 'closed',
      createdAt: '2026-03-10T07:55:00.000Z',
      createdBy: 'astreinte',
      closedAt: '2026-03-10T10:30:00.000Z',
    },
    cod: { decidedAt: '2026-03-10T08:00:00.000Z', recordedAt: '2026-03-10T08:05:00.000Z', decidedBy: 'M. le Préfet', recordedBy: 'astreinte', reason: null },
    commitments: [
      { key: 'C1', label: 'Cellule', durationMinutes: 60, status: 'met', startedAt: '2026-03-10T08:01:00.000Z', dueAt: '2026-03-10T09:01:00.000Z', metAt: '2026-03-10T08:25:00.000Z', elapsedMinutes: 24, minutesLeft: null, manual: false, fact: 'Cellule déclarée opérationnelle' },
      { key: 'C2-elected', label: 'Élus', durationMinutes: 60, status: 'met', startedAt: '2026-03-10T08:00:00.000Z', dueAt: '2026-03-10T09:00:00.000Z', metAt: '2026-03-10T08:32:30.000Z', elapsedMinutes: 32.5, minutesLeft: null, manual: false, fact: 'Élus : premier message accepté par courriel' },
      { key: 'C2-public', label: 'Public', durationMinutes: 60, status: 'met', startedAt: '2026-03-10T08:00:00.000Z', dueAt: '2026-03-10T09:00:00.000Z', metAt: '2026-03-10T08:40:00.000Z', elapsedMinutes: 40, minutesLeft: null, manual: true, fact: 'Grand public : message radio (radio, saisi par astreinte)' },
      { key: 'C2-media', label: 'Médias', durationMinutes: 60, status: 'missed', startedAt: '2026-03-10T08:00:00.000Z', dueAt: '2026-03-10T09:00:00.000Z', metAt: '2026-03-10T09:10:00.000Z', elapsedMinutes: 70, minutesLeft: null, manual: false, fact: 'Médias : premier message accepté par courriel' },
      { key: 'C4', label: 'CIP', durationMinutes: 60, status: 'not_started', startedAt: null, dueAt: null, metAt: null, elapsedMinutes: null, minutesLeft: null, manual: false, fact: null },
    ],
    cell: {
      calledAt: '2026-03-10T08:01:00.000Z',
      operationalAt: '2026-03-10T08:25:00.000Z',
      activations: [{ calledAt: '2026-03-10T08:01:00.000Z', calledBy: 'astreinte', uncoveredRoles: ['press'] }],
      pages: [
        { role: 'chief', roleLabel: 'chef de cellule', round: 1, memberName: 'Claire Dupont', pagedAt: '2026-03-10T08:01:00.000Z', channels: [{ channel: 'email', status: 'sent' }], ackedAt: '2026-03-10T08:10:00.000Z', ackedVia: 'link', escalationOutcome: 'acknowledged' },
      ],
    },
    deliveries: [
      { audience: 'elected', channel: 'email', total: 3, counts: { sent: 2, failed: 1 }, firstAcceptedAt: '2026-03-10T08:32:30.000Z', lastAcceptedAt: '2026-03-10T08:33:00.000Z', failures: [{ recipient: 'Mairie de Docelles', status: 'failed', error: '550 mailbox unavailable' }], failedCount: 1 },
    ],
    cip: null,
    timeline: [
      { seq: 12, at: '2026-03-10T08:00:00.000Z', tPlusMinutes: 0, actor: 'astreinte', action: 'event.cod_activated', label: 'Activation du COD décidée' },
      { seq: 15, at: '2026-03-10T07:58:00.000Z', tPlusMinutes: -2, actor: '=HYPERLINK("http://evil")', action: 'event.created', label: '@SUM(A1:A9); "cité", virgule' },
    ],
    exercise: EXERCISE,
    debriefs: DEBRIEFS,
    ...over,
  };
}
