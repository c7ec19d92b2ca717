import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AcceptedFact, Audience, Commitment, CommitmentSettings, computeCommitments } from '../../domain/events/commitment-clocks';
import { formatParis } from '../../domain/time/paris-time';
import { EventEntity } from './event.entity';
import { EventsStore, FirstFact } from './events.store';

export type { FirstFact };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The clocks of an event: recorded facts in, the pure rules of src/domain, views out. */
@Injectable()
export class CommitmentsService {
  readonly settings: CommitmentSettings;

  constructor(
    private readonly store: EventsStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = { durationMinutes: config.clocks.durationMinutes };
  }

  /** Per audience, the fact that meets (or will meet) its C2 clock: the earliest, a channel's acceptance before a manual one. */
  firstFacts(m: EntityManager, eventId: string): Promise<FirstFact[]> {
    return this.store.firstFacts(m, eventId);
  }

  /** `facts`: the event's first facts when the caller has read them already. */
  async compute(m: EntityManager, event: EventEntity, now: Date, facts?: FirstFact[]): Promise<Commitment[]> {
    const rows = facts ?? (await this.firstFacts(m, event.id));
    const firstAccepted: Partial<Record<Audience, AcceptedFact>> = {};
    for (const r of rows) firstAccepted[r.audience] = { at: new Date(r.occurred_at), manual: r.manual };
    return computeCommitments(
      {
        mode: event.mode,
        codDecidedAt: event.codDecidedAt,
        cellCalledAt: event.cellCalledAt,
        cellOperationalAt: event.cellOperationalAt,
        cipOrderedAt: event.cipOrderedAt,
        cipOpenedAt: event.cipOpenedAt,
        firstAccepted,
      },
      this.settings,
      now,
    );
  }
}

export function commitmentView(c: Commitment) {
  const facts = Object.fromEntries(
    Object.entries(c.facts).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v && typeof v === 'object' && 'at' in v ? { ...v, at: (v.at as Date).toISOString() } : v]),
  );
  return {
    key: c.key,
    label: c.label,
    durationMinutes: c.durationMinutes,
    status: c.status,
    startedAt: iso(c.startedAt),
    dueAt: iso(c.dueAt),
    dueAtParis: c.dueAt ? formatParis(c.dueAt) : null,
    metAt: iso(c.metAt),
    metAtParis: c.metAt ? formatParis(c.metAt) : null,
    elapsedMinutes: c.elapsedMinutes,
    minutesLeft: c.minutesLeft,
    manual: c.manual,
    facts,
  };
}
