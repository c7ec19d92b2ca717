import { parisInstant, parisNaive, parseParisLocal } from './paris-wall-clock';

/**
 * Who is on call for a cell role at an instant.
 *
 * A rotation hands a role from one member to the next every `shiftHours`
 * (168, a week, by default; any whole number of hours), starting at a Paris
 * wall-clock time. Handovers are computed on the wall clock, so a Monday 09:00
 * handover stays at 09:00 local on both sides of a daylight-saving change (the
 * week that contains the change is then 167 or 169 real hours long).
 * When several rotations exist for a role, the one that started last is in
 * force: a new roster is published by creating a rotation that starts later.
 *
 * Overrides: `swap` puts a member on call for a role during [from, to) ahead of
 * the rotation (a swap between colleagues, a replacement); `leave` takes a
 * member out of every role during [from, to). An inactive member is never on
 * call. Whoever is left, in rotation order from the current slot, forms the
 * escalation chain: the first is on call, the next ones are the backups.
 */

export const DEFAULT_SHIFT_HOURS = 168;
const MS_PER_HOUR = 3_600_000;

export interface Rotation {
  id: string;
  role: string;
  /** Paris wall clock of the first handover, `YYYY-MM-DDTHH:mm`. */
  startLocal: string;
  shiftHours: number;
  /** In handover order; a member may appear more than once. */
  memberIds: readonly string[];
}

export interface RosterOverride {
  id: string;
  kind: 'swap' | 'leave';
  memberId: string;
  /** The role taken over (swap); null for a leave, which covers every role. */
  role: string | null;
  from: Date;
  to: Date;
}

export interface Roster {
  rotations: readonly Rotation[];
  overrides: readonly RosterOverride[];
  /** Members known to the roster; one absent from this list or inactive is never on call. */
  members: readonly { id: string; active: boolean }[];
}

export interface OnCall {
  role: string;
  memberId: string;
  /** `swap` when an override put this member on call. */
  source: 'rotation' | 'swap';
  /** Who to page next, in order, if the on-call member does not answer. */
  backups: string[];
  /** Current slot of the rotation in force (null when only a swap covers the role). */
  slot: { rotationId: string; index: number; start: Date; end: Date } | null;
}

export type RotationCheck = { ok: true } | { ok: false; code: string; message: string };

/** Checks a rotation before it is stored; the messages are for the person filling the form. */
export function checkRotation(r: Pick<Rotation, 'startLocal' | 'shiftHours' | 'memberIds'>): RotationCheck {
  if (parseParisLocal(r.startLocal) === null) {
    return { ok: false, code: 'rotation_start_invalid', message: `startLocal "${r.startLocal}" is not a Paris date and time such as 2026-03-23T09:00.` };
  }
  if (!Number.isInteger(r.shiftHours) || r.shiftHours < 1 || r.shiftHours > 24 * 366) {
    return { ok: false, code: 'rotation_shift_invalid', message: 'shiftHours must be a whole number of hours between 1 and 8784 (168 is a week).' };
  }
  if (r.memberIds.length === 0) {
    return { ok: false, code: 'rotation_empty', message: 'memberIds must name at least one member: a rotation needs someone on call.' };
  }
  return { ok: true };
}

/** The instant of handover number `k` (0 is the start). */
export function handoverAt(r: Pick<Rotation, 'startLocal' | 'shiftHours'>, k: number): Date {
  const start = parseParisLocal(r.startLocal);
  if (start === null) throw new RangeError(`invalid rotation start ${r.startLocal}`);
  return parisInstant(start + k * r.shiftHours * MS_PER_HOUR);
}

/** The slot number in force at `at`: -1 before the rotation starts. */
export function slotIndexAt(r: Pick<Rotation, 'startLocal' | 'shiftHours'>, at: Date): number {
  const start = parseParisLocal(r.startLocal);
  if (start === null) throw new RangeError(`invalid rotation start ${r.startLocal}`);
  // The wall-clock estimate can be one slot off around a change of offset; the instants decide.
  let k = Math.floor((parisNaive(at) - start) / (r.shiftHours * MS_PER_HOUR));
  while (k >= 0 && handoverAt(r, k).getTime() > at.getTime()) k--;
  while (handoverAt(r, k + 1).getTime() <= at.getTime()) k++;
  return Math.max(k, -1);
}

/** The rotation in force for a role at an instant: the latest started. */
export function rotationInForce(rotations: readonly Rotation[], role: string, at: Date): Rotation | null {
  let best: Rotation | null = null;
  let bestStart = -Infinity;
  for (const r of rotations) {
    if (r.role !== role || r.memberIds.length === 0) continue;
    const start = handoverAt(r, 0).getTime();
    if (start <= at.getTime() && start >= bestStart) {
      best = r;
      bestStart = start;
    }
  }
  return best;
}

const within = (o: RosterOverride, at: Date) => o.from.getTime() <= at.getTime() && at.getTime() < o.to.getTime();

/** The on-call member and the backups for a role at an instant; null is a gap. */
export function onCallAt(roster: Roster, role: string, at: Date): OnCall | null {
  const available = new Set(roster.members.filter((m) => m.active).map((m) => m.id));
  for (const o of roster.overrides) if (o.kind === 'leave' && within(o, at)) available.delete(o.memberId);

  const chain: string[] = [];
  const push = (id: string) => {
    if (available.has(id) && !chain.includes(id)) chain.push(id);
  };
  // The latest swap first: a later arrangement replaces an earlier one.
  const swaps = roster.overrides.filter((o) => o.kind === 'swap' && o.role === role && within(o, at));
  for (let i = swaps.length - 1; i >= 0; i--) push(swaps[i].memberId);
  const swapped = chain.length > 0;

  const rotation = rotationInForce(roster.rotations, role, at);
  let slot: OnCall['slot'] = null;
  if (rotation) {
    const k = slotIndexAt(rotation, at);
    slot = { rotationId: rotation.id, index: k, start: handoverAt(rotation, k), end: handoverAt(rotation, k + 1) };
    const n = rotation.memberIds.length;
    for (let i = 0; i < n; i++) push(rotation.memberIds[(k + i) % n]);
  }
  if (chain.length === 0) return null;
  return { role, memberId: chain[0], source: swapped ? 'swap' : 'rotation', backups: chain.slice(1), slot };
}

export interface CoverageGap {
  role: string;
  from: Date;
  to: Date;
  /** `no_rotation`: no rotation in force; `nobody_available`: everyone on leave or inactive. */
  reason: 'no_rotation' | 'nobody_available';
}

/**
 * Every stretch of [from, to) during which a role has nobody on call. The
 * answer only changes at a handover, a rotation start or an override bound,
 * so those instants are the only ones evaluated.
 */
export function coverageGaps(roster: Roster, roles: readonly string[], from: Date, to: Date): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  for (const role of roles) {
    const points = new Set<number>([from.getTime()]);
    const add = (d: Date) => {
      if (d.getTime() > from.getTime() && d.getTime() < to.getTime()) points.add(d.getTime());
    };
    for (const o of roster.overrides) {
      if (o.role === null || o.role === role) {
        add(o.from);
        add(o.to);
      }
    }
    for (const r of roster.rotations) {
      if (r.role !== role) continue;
      let k = Math.max(0, slotIndexAt(r, from));
      for (let t = handoverAt(r, k); t.getTime() < to.getTime(); t = handoverAt(r, ++k)) add(t);
    }
    const sorted = [...points].sort((a, b) => a - b);
    let open: CoverageGap | null = null;
    for (let i = 0; i < sorted.length; i++) {
      const at = new Date(sorted[i]);
      const end = new Date(i + 1 < sorted.length ? sorted[i + 1] : to.getTime());
      if (onCallAt(roster, role, at)) {
        open = null;
        continue;
      }
      const reason = rotationInForce(roster.rotations, role, at) ? 'nobody_available' : 'no_rotation';
      if (open && open.reason === reason) open.to = end;
      else gaps.push((open = { role, from: at, to: end, reason }));
    }
  }
  return gaps;
}
