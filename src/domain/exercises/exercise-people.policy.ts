import { checkMemberEmail, checkMemberMobile, checkMemberName, FieldCheck } from '../cell/cell-member.policy';

/** The exercise director (receives the reminders) and the players (receive the injects). */
export interface Director {
  name: string;
  email: string;
  phone: string | null;
}

export interface Player {
  /** Stable id of the player within the exercise: the recipient key of its deliveries. */
  id: string;
  name: string;
  /** A short free text: "communication", "cabinet", "astreinte"… */
  role: string;
  email: string | null;
  phone: string | null;
}

export type PeopleCheck<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const fail = (where: string, c: Extract<FieldCheck<string>, { ok: false }>) => ({ ok: false as const, code: c.code, message: `${where}: ${c.message}` });

export function checkDirector(input: { name: string; email: string; phone?: string | null }): PeopleCheck<Director> {
  const name = checkMemberName(input.name);
  if (!name.ok) return fail('director', name);
  const email = checkMemberEmail(input.email);
  if (!email.ok) return fail('director', email);
  let phone: string | null = null;
  if (input.phone !== undefined && input.phone !== null && input.phone.trim() !== '') {
    const p = checkMemberMobile(input.phone);
    if (!p.ok) return fail('director', p);
    phone = p.value;
  }
  return { ok: true, value: { name: name.value, email: email.value, phone } };
}

export function checkPlayers(input: { name: string; role: string; email?: string | null; phone?: string | null }[], newId: () => string): PeopleCheck<Player[]> {
  const out: Player[] = [];
  for (const [i, p] of input.entries()) {
    const where = `players[${i}]`;
    const name = checkMemberName(p.name);
    if (!name.ok) return fail(where, name);
    const role = (p.role ?? '').trim();
    if (role.length < 2 || role.length > 60)
      return { ok: false, code: 'player_role_invalid', message: `${where}: role must be a short text such as "communication", "cabinet" or "astreinte" (2 to 60 characters).` };
    let email: string | null = null;
    if (p.email !== undefined && p.email !== null && p.email.trim() !== '') {
      const e = checkMemberEmail(p.email);
      if (!e.ok) return fail(where, e);
      email = e.value;
    }
    let phone: string | null = null;
    if (p.phone !== undefined && p.phone !== null && p.phone.trim() !== '') {
      const m = checkMemberMobile(p.phone);
      if (!m.ok) return fail(where, m);
      phone = m.value;
    }
    if (out.some((o) => o.name.toLowerCase() === name.value.toLowerCase())) {
      return { ok: false, code: 'player_duplicate', message: `${where}: ${name.value} is already a player of this exercise.` };
    }
    out.push({ id: newId(), name: name.value, role, email, phone });
  }
  return { ok: true, value: out };
}
