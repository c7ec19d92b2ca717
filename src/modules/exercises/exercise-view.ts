import { eventKindLabelFr } from '../../domain/events/event-kind';
import { EXERCISE_TYPE_LABELS_FR } from '../../domain/exercises/programme.policy';
import { formatParis } from '../../domain/time/paris-time';
import { ExerciseEntity } from './exercise.entity';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** What the API says about an exercise: machine times in UTC ISO, human ones in Paris time. */
export function exerciseView(e: ExerciseEntity) {
  return {
    id: e.id,
    title: e.title,
    plannedAt: iso(e.plannedAt),
    plannedAtParis: formatParis(e.plannedAt),
    year: e.year,
    kind: e.kind,
    kindLabel: eventKindLabelFr(e.kind),
    type: e.type,
    typeLabel: EXERCISE_TYPE_LABELS_FR[e.type],
    objectives: e.objectives,
    commitments: e.commitments,
    communes: e.communes,
    director: e.director,
    players: e.players,
    status: e.status,
    eventId: e.eventId,
    startedAt: iso(e.startedAt),
    endedAt: iso(e.endedAt),
    cancelledAt: iso(e.cancelledAt),
    msel: {
      startedAt: iso(e.mselStartedAt),
      pausedAt: iso(e.mselPausedAt),
      pausedMs: Number(e.mselPausedMs ?? 0),
      state: !e.mselStartedAt ? 'not_started' : e.status === 'held' ? 'ended' : e.mselPausedAt ? 'paused' : 'running',
    },
    createdBy: e.createdBy,
    createdAt: iso(e.createdAt),
  };
}

export type ExerciseView = ReturnType<typeof exerciseView>;
