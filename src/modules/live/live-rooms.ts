import { isUuid } from '../../domain/ids';
/** One socket.io room per major event; the name is internal to the live module. */
export const roomOfEvent = (eventId: string) => `event:${eventId}`;

/** The event id of a `join` / `leave`: `{ eventId }` or the bare id; null when it is not a UUID. */
export function eventIdOf(body: unknown): string | null {
  const id = (body as { eventId?: unknown } | null)?.eventId ?? body;
  return typeof id === 'string' && isUuid(id) ? id : null;
}

/** What a client gets back from `join` / `leave` (the socket.io acknowledgement). */
export type RoomAck = { ok: true; eventId: string } | { ok: false; error: string; message: string };
