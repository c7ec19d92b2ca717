import type { CommitmentKey, CommitmentStatus } from '../events/commitment-clocks';
import type { EventMode } from '../events/event-mode';

/**
 * The after-action report of one event as data: every number comes from the
 * record (the same functions as the API), never typed by hand. Instants are
 * UTC ISO strings; the renderers show them in Paris time. Pure types only.
 */

export type ReportCommitment = {
  key: CommitmentKey;
  label: string;
  durationMinutes: number;
  status: CommitmentStatus;
  startedAt: string | null;
  dueAt: string | null;
  metAt: string | null;
  elapsedMinutes: number | null;
  minutesLeft: number | null;
  manual: boolean;
  /** What met (or late-met) the clock, in words; null while there is no such fact. */
  fact: string | null;
};

export type ReportCellPage = {
  role: string;
  roleLabel: string;
  round: number;
  memberName: string;
  pagedAt: string | null;
  /** Each channel of the page and what became of it (sent, sandboxed, failed…). */
  channels: { channel: string; status: string }[];
  ackedAt: string | null;
  ackedVia: string | null;
  escalationOutcome: string | null;
};

export type ReportCell = {
  calledAt: string | null;
  operationalAt: string | null;
  activations: { calledAt: string; calledBy: string; uncoveredRoles: string[] }[];
  pages: ReportCellPage[];
};

export type ReportDeliveryLine = {
  audience: string;
  channel: string;
  total: number;
  counts: Record<string, number>;
  /** What the providers said later of the accepted ones: delivered, bounced, expired (email and SMS). */
  receipts: Record<string, number>;
  firstAcceptedAt: string | null;
  lastAcceptedAt: string | null;
  /** Failed or unclear deliveries, at most a few shown (failedCount is the full number). */
  failures: { recipient: string | null; status: string; error: string | null }[];
  failedCount: number;
};

export type ReportTimelineEntry = { seq: number; at: string; tPlusMinutes: number | null; actor: string; action: string; label: string };

export type ExerciseInject = {
  order: number;
  offsetMinutes: number;
  scenario: string;
  recipient: string;
  means: string;
  expectedAction: string;
  status: string;
  deliveredAt: string | null;
  response: string | null;
  respondedAt: string | null;
  respondedBy: string | null;
};

export type ExerciseSection = null | {
  exerciseId: string;
  title: string;
  type: string;
  objectives: string[];
  commitments: string[];
  director: string;
  players: { name: string; role: string }[];
  startedAt: string | null;
  injects: ExerciseInject[];
};

export type DebriefAction = { id: string; title: string; owner: string; dueDate: string /* YYYY-MM-DD */; status: string; overdue: boolean };

export type DebriefSection = {
  phase: 'hot' | 'cold';
  heldAt: string;
  participants: string[];
  wentWell: string[];
  toImprove: string[];
  findings: { text: string; timelineSeqs: number[] }[];
  actions: DebriefAction[];
};

export type EventReport = {
  generatedAt: string;
  event: {
    id: string;
    title: string;
    kind: string;
    kindLabel: string;
    mode: EventMode;
    communes: { code: string; name: string }[];
    synergiRef: string | null;
    status: string;
    createdAt: string;
    createdBy: string;
    closedAt: string | null;
  };
  cod: null | { decidedAt: string; recordedAt: string | null; decidedBy: string | null; recordedBy: string | null; reason: string | null };
  commitments: ReportCommitment[];
  cell: ReportCell;
  deliveries: ReportDeliveryLine[];
  cip: null | { orderedAt: string; recordedAt: string | null; orderedBy: string | null; nationalNumber: string | null; openedAt: string | null };
  timeline: ReportTimelineEntry[];
  exercise: ExerciseSection;
  debriefs: DebriefSection[];
};
