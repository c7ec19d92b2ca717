import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isC2Audience } from '../../domain/channels/channel-catalogue';
import { channelLabelFr } from '../../domain/channels/channel-labels';
import { EventDecisionsService } from '../events/event-decisions.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { DeliveryHooks, OwnedDeliveryView, RESULTS_ACTION } from './delivery-hooks.service';
import { DeliveryProgressFeed } from './delivery-progress-feed.service';
import { DeliveryProgressStore } from './delivery-progress.store';
import { DeliveryStore, OwnerColumn, ownerOf, RecordedRow, RowResult } from './delivery.store';

/** What an audit entry calls the owner of the rows it records. */
export const SUBJECT_TYPES: Record<OwnerColumn, string> = { message_id: 'message', page_id: 'page', inject_id: 'exercise_inject', reminder_id: 'exercise_reminder' };

/** Contents remembered as decided; forgotten all at once past this (a dispatch has a few per audience). */
const DECIDED_CONTENTS = 10_000;

/** Adds `row` to its group (pushed: a copy per row is quadratic in the batch). */
function groupInto<T>(groups: Map<string, T[]>, key: string, row: T): void {
  const list = groups.get(key);
  if (list) list.push(row);
  else groups.set(key, [row]);
}

/** A recorded row as its owner (the cell for a page, the exercises for a reminder) reads it. */
export function ownedDeliveryView(r: RecordedRow): OwnedDeliveryView {
  return {
    id: r.id,
    ownerId: ownerOf(r).id,
    eventId: r.event_id,
    audience: r.audience,
    channel: r.channel,
    recipientName: r.recipient_name,
    status: r.status,
    attempts: r.attempts,
    proof: r.proof,
    error: r.last_error,
    acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
    nextAttemptAt: new Date(r.next_attempt_at),
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * Records what became of a batch of deliveries, in one transaction: the rows,
 * one audit entry per message or inject with each result (pages and reminders:
 * their owner's listener audits them), and the first acceptance of a factual
 * message per audience and channel as a C2 fact. Live updates go out after
 * commit (the progress counts of a message or inject coalesced by DeliveryProgressFeed).
 */
@Injectable()
export class DeliveryResultsService {
  /**
   * Contents whose first acceptance is decided (first_accepted_at set, or not factual: neither ever changes back).
   * A national bulletin is recorded in 350 batches: without it, each held the event and tried the update again.
   */
  private readonly decided = new Set<string>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly store: DeliveryStore,
    private readonly progress: DeliveryProgressStore,
    private readonly decisions: EventDecisionsService,
    private readonly hooks: DeliveryHooks,
    private readonly feed: DeliveryProgressFeed,
  ) {}

  record(results: RowResult[], action = RESULTS_ACTION, actor = 'system'): Promise<RecordedRow[]> {
    if (results.length === 0) return Promise.resolve([]);
    return this.commit(
      async (m) => {
        // The email and the SMS of one page may be recorded by two workers at once: one order of locks, taken first
        // (a bulletin's batch, known to hold no page, skips the round trip).
        if (results.some((r) => r.pageId !== null))
          await this.store.lockPagesOf(
            m,
            results.map((r) => r.id),
          );
        return this.store.record(m, results);
      },
      action,
      actor,
    );
  }

  /**
   * Applies a change to delivery rows and, in the same transaction, audits the
   * rows it returned and records the C2 facts they bring; notifies after commit.
   */
  commit(change: (m: EntityManager) => Promise<RecordedRow[]>, action: string, actor: string): Promise<RecordedRow[]> {
    return this.unitOfWork.run(async (work) => {
      const m = work.manager;
      const rows = await change(m);
      const bulletins = rows.filter((r) => r.message_id !== null);
      // An acceptance may record a C2 fact on its event: hold the event before the audit chain (lock order).
      await this.decisions.holdEventsForFacts(
        m,
        bulletins.filter((r) => r.status === 'sent' && !this.decided.has(r.content_id)).map((r) => r.event_id!),
      );
      await this.auditBySubject(work, bulletins, action, actor);
      await this.ownedResults(
        work,
        rows.filter((r) => r.message_id === null),
        action,
        actor,
      );
      const facts = await this.recordFirstAcceptances(work, bulletins);
      // The event's delivery panel follows its bulletins and its injects: counted after commit, coalesced,
      // not a scan of every row of the sender in each batch's transaction.
      const senders = new Map<string, { column: 'message_id' | 'inject_id'; eventId: string }>();
      for (const r of rows) {
        const { column, id } = ownerOf(r);
        if (column === 'message_id' || column === 'inject_id') senders.set(id, { column, eventId: r.event_id! });
      }
      for (const [id, { column, eventId }] of senders) work.afterCommit(() => this.feed.changed({ column, id }, eventId));
      for (const eventId of facts) {
        work.publish({ eventId, type: 'clock.changed', data: {} });
        work.publish({ eventId, type: 'timeline.appended', data: {} });
      }
      return rows;
    });
  }

  /**
   * Rows owned by another module go to its listener (per audience), with every
   * delivery of the same owners; an audience without one (the injects) is
   * audited here, per owner.
   */
  private async ownedResults(work: Work, rows: RecordedRow[], action: string, actor: string) {
    if (rows.length === 0) return;
    const byAudience = new Map<string, RecordedRow[]>();
    for (const r of rows) groupInto(byAudience, r.audience, r);
    for (const [audience, list] of byAudience) {
      const listener = this.hooks.listener(audience);
      if (!listener) {
        await this.auditBySubject(work, list, action, actor);
        continue;
      }
      const column = ownerOf(list[0]).column as Exclude<OwnerColumn, 'message_id'>;
      const current = await this.progress.ofOwners(column, [...new Set(list.map((r) => ownerOf(r).id))], work.manager);
      await listener({ work, action, actor, recorded: list.map(ownedDeliveryView), current: current.map(ownedDeliveryView) });
    }
  }

  /** One entry per owner (a message, or an inject or page that no listener takes) listing each delivery's result. */
  private async auditBySubject(work: Work, rows: RecordedRow[], action: string, actor: string) {
    const bySubject = new Map<string, RecordedRow[]>();
    for (const r of rows) groupInto(bySubject, ownerOf(r).id, r);
    for (const [subjectId, list] of bySubject) {
      const counts: Record<string, number> = {};
      for (const r of list) counts[r.status] = (counts[r.status] ?? 0) + 1;
      await work.audit({
        actor,
        action,
        subjectType: SUBJECT_TYPES[ownerOf(list[0]).column],
        subjectId,
        payload: {
          eventId: list[0].event_id,
          counts,
          // The recipient's name, not the address: the address is in the delivery row.
          results: list.map((r) => ({
            deliveryId: r.id,
            channel: r.channel,
            audience: r.audience,
            recipient: r.recipient_name ?? null,
            status: r.status,
            attempts: r.attempts,
            proof: r.proof ?? null,
            // Which of two relays or gateways accepted it (email, SMS with a second provider).
            ...(r.provider ? { provider: r.provider } : {}),
            // When the provider accepted it: binds the receipt in a proof bundle (src/domain/proof) to this entry.
            ...(r.accepted_at ? { acceptedAt: new Date(r.accepted_at).toISOString() } : {}),
            error: r.last_error ?? null,
            ...(r.status === 'queued' ? { nextAttemptAt: new Date(r.next_attempt_at).toISOString() } : {}),
            ...(r.needs_review ? { needsReview: true } : {}),
          })),
        },
      });
    }
  }

  /**
   * The first accepted delivery of each factual content meets C2 for its audience (a conditional update decides,
   * once). A content tried once is decided for good, won here or elsewhere (or not factual): not tried again.
   */
  private async recordFirstAcceptances(work: Work, rows: RecordedRow[]): Promise<Set<string>> {
    const met = new Set<string>();
    const first = new Map<string, RecordedRow>();
    for (const r of rows) if (r.status === 'sent' && !first.has(r.content_id) && !this.decided.has(r.content_id)) first.set(r.content_id, r);
    if (first.size === 0) return met;
    const won = await this.store.firstAcceptances(
      work.manager,
      [...first.values()].map((r) => ({ id: r.content_id, at: r.accepted_at })),
    );
    // Only once committed: a rolled-back win leaves the content undecided.
    work.afterCommit(() => {
      if (this.decided.size >= DECIDED_CONTENTS) this.decided.clear();
      for (const id of first.keys()) this.decided.add(id);
    });
    for (const c of won) {
      const r = first.get(c.id)!;
      // Pages to the cell and injects to players are no C2 audience: they never meet a C2 clock.
      if (!isC2Audience(r.audience) || !r.message_id) continue;
      await this.decisions.recordAcceptedFact(work, {
        eventId: r.event_id!,
        audience: r.audience,
        at: new Date(c.first_accepted_at),
        means: r.channel,
        description: `Bulletin ${c.marker} accepté par le canal ${channelLabelFr(r.channel)}`,
        deliveryId: r.id,
        messageId: r.message_id,
      });
      met.add(r.event_id!);
    }
    return met;
  }
}
