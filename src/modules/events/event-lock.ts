import { EntityManager } from 'typeorm';
import { conflict, notFound } from '../../common/app-error';
import { checkEventAction, EventAction } from '../../domain/events/event-status.policy';
import { isUuid } from '../../domain/ids';
import { EventEntity } from './event.entity';

export async function findEvent(m: EntityManager, id: string, lock = false): Promise<EventEntity> {
  const event = isUuid(id) ? await m.findOne(EventEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : null;
  if (!event) throw notFound('event_not_found', `No major event with id ${id}.`);
  return event;
}

/**
 * Loads the event FOR UPDATE (decisions on one event are serialised: two duty
 * officers pressing "activate" together get one activation and one refusal)
 * and checks that the action is allowed in its state.
 */
export async function lockEventFor(m: EntityManager, id: string, action: EventAction, now: Date): Promise<EventEntity> {
  const event = await findEvent(m, id, true);
  const check = checkEventAction(event, action, now);
  if (!check.allowed) throw conflict(check.code, check.message);
  return event;
}
