import { isUuid } from '../../domain/ids';
/** One socket.io room per major event; the name is internal to the live module. */
export const roomOfEvent = (eventId: string) => `event:${eventId}`;


export const isEventId = (v: unknown): v is string => typeof v === 'string' && isUuid(v);

/** What a client gets back from `join` / `leave` (the socket.io acknowledgement). */
export type RoomAck = { ok: true; eventId: string } | { ok: false; error: string; message: string };
