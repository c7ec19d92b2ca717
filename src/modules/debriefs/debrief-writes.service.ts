import { Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { isUniqueViolation } from '../../database/sql';
import { Check, checkCalendarDate, checkContent, checkEditable, checkHeldAt, checkTransition, DEBRIEF_PHASE_LABELS_FR, DebriefPhase, isDebriefPhase } from '../../domain/debriefs/debrief.policy';
import { isUuid } from '../../domain/ids';
import { EventsService } from '../events/events.service';
import { TimelineService } from '../events/timeline.service';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { DebriefActionEntity } from './debrief-action.entity';
import { actionView } from './debrief-view';
import { DebriefEntity } from './debrief.entity';
import { CreateActionDto, UpdateActionDto, WriteDebriefDto } from './debriefs.dto';
import { DebriefsStore } from './debriefs.store';

function refuse(c: Check): void {
  if (!c.ok) throw badRequest(c.code, c.message);
}

export function phaseOf(value: string): DebriefPhase {
  if (!isDebriefPhase(value)) throw badRequest('unknown_phase', `Unknown debrief phase "${value}": it is hot (à chaud, at closure) or cold (à froid, weeks later).`);
  return value;
}

/**
 * Writing debriefs and their action plans (reviewers). Each write is one
 * transaction with its audit entry on the event's timeline; debriefs of one
 * event are serialised by a lock so the hot/cold order holds under races; the
 * console is told after commit.
 */
@Injectable()
export class DebriefWritesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: DebriefsStore,
    private readonly events: EventsService,
    private readonly timeline: TimelineService,
  ) {}

  /** Creates the debrief of this phase, or replaces its content (its actions stay). */
  async write(eventId: string, phaseParam: string, dto: WriteDebriefDto, actor: string): Promise<{ phase: DebriefPhase; created: boolean }> {
    const phase = phaseOf(phaseParam);
    const event = await this.events.get(eventId);
    const heldAt = new Date(dto.heldAt);
    const content = {
      participants: dto.participants.map((p) => ({ name: p.name.trim(), role: p.role?.trim() ?? '' })),
      wentWell: dto.wentWell.map((s) => s.trim()),
      toImprove: dto.toImprove.map((s) => s.trim()),
      findings: dto.findings.map((f) => ({ text: f.text.trim(), timelineSeqs: [...new Set(f.timelineSeqs)].sort((a, b) => a - b) })),
    };
    refuse(checkContent(content));
    return this.inTransaction(async (work) => {
      const m = work.manager;
      await this.store.lockDebriefsOf(m, eventId);
      const now = await work.now();
      const existing = await m.find(DebriefEntity, { where: { eventId } });
      const own = existing.find((d) => d.phase === phase);
      const other = existing.find((d) => d.phase !== phase);
      refuse(checkHeldAt({ phase, heldAt, now, eventCreatedAt: new Date(event.createdAt!), otherHeldAt: other?.heldAt ?? null }));
      const missing = await this.timeline.seqsNotInTimeline(
        eventId,
        content.findings.flatMap((f) => f.timelineSeqs),
        m,
      );
      if (missing.length) {
        throw badRequest(
          'seq_not_in_timeline',
          `Timeline entr${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in this event's timeline: a finding can only cite entries of its own event (GET /api/events/${eventId}/timeline).`,
          { missingSeqs: missing },
        );
      }
      const saved = await m.save(own ? Object.assign(own, { heldAt, ...content }) : m.create(DebriefEntity, { eventId, phase, heldAt, writtenBy: actor, ...content }));
      await work.audit({
        actor,
        action: own ? 'debrief.updated' : 'debrief.written',
        subjectType: 'event',
        subjectId: eventId,
        payload: { eventId, debriefId: saved.id, phase, heldAt: heldAt.toISOString(), eventStatus: event.status, ...content },
      });
      work.publish({ eventId, type: 'timeline.appended', data: { debrief: phase } });
      return { phase, created: !own };
    });
  }

  async addAction(eventId: string, phaseParam: string, dto: CreateActionDto, actor: string) {
    const phase = phaseOf(phaseParam);
    await this.events.get(eventId);
    refuse(checkCalendarDate(dto.dueDate));
    const status = dto.status ?? 'open';
    if (status !== 'open' && status !== 'in_progress') {
      throw badRequest('bad_initial_status', 'A new action is open or in_progress; mark it done or cancelled afterwards (PATCH /api/debrief-actions/:id).');
    }
    return this.inTransaction(async (work) => {
      const m = work.manager;
      await this.store.lockDebriefsOf(m, eventId);
      const now = await work.now();
      const debrief = await m.findOne(DebriefEntity, { where: { eventId, phase } });
      if (!debrief)
        throw conflict(
          'debrief_not_written',
          `The ${DEBRIEF_PHASE_LABELS_FR[phase]} of this event is not written yet: write it (PUT /api/events/${eventId}/debriefs/${phase}) before adding actions to its plan.`,
        );
      const action = await m.save(
        m.create(DebriefActionEntity, { debriefId: debrief.id, eventId, title: dto.title.trim(), owner: dto.owner.trim(), dueDate: dto.dueDate, status, doneAt: null, createdBy: actor }),
      );
      await work.audit({
        actor,
        action: 'debrief.action_added',
        subjectType: 'event',
        subjectId: eventId,
        payload: { eventId, debriefId: debrief.id, actionId: action.id, phase, title: action.title, owner: action.owner, dueDate: action.dueDate, status },
      });
      work.publish({ eventId, type: 'timeline.appended', data: { debrief: phase } });
      return actionView(action, phase, now);
    });
  }

  /** Status, owner, title or due date of an action. */
  async updateAction(actionId: string, dto: UpdateActionDto, actor: string) {
    if (!isUuid(actionId)) throw notFound('action_not_found', `No debrief action with id ${actionId}.`);
    const fields = (['title', 'owner', 'dueDate'] as const).filter((k) => dto[k] !== undefined);
    if (!dto.status && !fields.length) throw badRequest('nothing_to_change', 'Say what changes: status, title, owner or dueDate.');
    if (dto.dueDate !== undefined) refuse(checkCalendarDate(dto.dueDate));
    return this.inTransaction(async (work) => {
      const m = work.manager;
      const action = await m.findOne(DebriefActionEntity, { where: { id: actionId }, lock: { mode: 'pessimistic_write' } });
      if (!action) throw notFound('action_not_found', `No debrief action with id ${actionId}.`);
      const debrief = await m.findOneOrFail(DebriefEntity, { where: { id: action.debriefId } });
      const now = await work.now();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (dto.status) {
        refuse(checkTransition(action.status, dto.status));
        changes.status = { from: action.status, to: dto.status };
        action.doneAt = dto.status === 'done' ? now : null;
        action.status = dto.status;
      } else if (fields.length) {
        refuse(checkEditable(action.status));
      }
      const next = { title: dto.title?.trim(), owner: dto.owner?.trim(), dueDate: dto.dueDate };
      for (const k of fields) {
        if (next[k] === action[k]) continue;
        changes[k] = { from: action[k], to: next[k] };
        action[k] = next[k]!;
      }
      await m.save(action);
      await work.audit({
        actor,
        action: 'debrief.action_updated',
        subjectType: 'event',
        subjectId: action.eventId,
        payload: { eventId: action.eventId, debriefId: debrief.id, actionId, phase: debrief.phase, title: action.title, ...(dto.status ? { status: dto.status } : {}), changes },
      });
      work.publish({ eventId: action.eventId, type: 'timeline.appended', data: { debrief: debrief.phase } });
      return actionView(action, debrief.phase, now);
    });
  }

  private async inTransaction<T>(change: (work: Work) => Promise<T>): Promise<T> {
    try {
      return await this.uow.run(change);
    } catch (e) {
      // The lock makes this rare (only a first write racing another first write of the same phase).
      if (isUniqueViolation(e)) throw conflict('debrief_written_meanwhile', 'This debrief was written by someone else at the same moment: reload and try again.');
      throw e;
    }
  }
}
