import { eventKindLabelFr } from '../../domain/events/event-kind';
import { formatParis } from '../../domain/time/paris-time';
import { EventEntity } from './event.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const paris = (d: Date | null) => (d ? formatParis(d) : null);

/** What the API says about an event: machine times in UTC ISO, human ones in Paris time. */
export function eventView(e: EventEntity) {
  return {
    id: e.id,
    title: e.title,
    kind: e.kind,
    kindLabel: eventKindLabelFr(e.kind),
    mode: e.mode,
    communes: e.communes,
    synergiRef: e.synergiRef,
    status: e.status,
    createdAt: iso(e.createdAt),
    createdAtParis: paris(e.createdAt),
    createdBy: e.createdBy,
    cod: e.codDecidedAt
      ? {
          decidedAt: iso(e.codDecidedAt),
          decidedAtParis: paris(e.codDecidedAt),
          recordedAt: iso(e.codRecordedAt),
          decidedBy: e.codDecidedBy,
          recordedBy: e.codRecordedBy,
          reason: e.codReason,
        }
      : null,
    cell: { calledAt: iso(e.cellCalledAt), operationalAt: iso(e.cellOperationalAt) },
    cip: e.cipOrderedAt
      ? {
          orderedAt: iso(e.cipOrderedAt),
          recordedAt: iso(e.cipRecordedAt),
          orderedBy: e.cipOrderedBy,
          nationalNumber: e.cipNumber,
          openedAt: iso(e.cipOpenedAt),
        }
      : null,
    closedAt: iso(e.closedAt),
  };
}

export type EventView = ReturnType<typeof eventView>;
