import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { badRequest, notFound } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { cellRoleLabelFr, checkCellRole, checkMemberEmail, checkMemberMobile, checkMemberName, FieldCheck } from '../../domain/cell/cell-member.policy';
import { checkRotation, coverageGaps, CoverageGap, DEFAULT_SHIFT_HOURS, onCallAt, Roster } from '../../domain/cell/rotation.policy';
import { formatParis } from '../../domain/time/paris-time';
import { UnitOfWork, Work } from '../unit-of-work/unit-of-work.service';
import { CellMemberEntity } from './cell-member.entity';
import { CellOverrideEntity } from './cell-override.entity';
import { CellRotationEntity } from './cell-rotation.entity';
import { CreateCellMemberDto, CreateOverrideDto, CreateRotationDto, UpdateCellMemberDto } from './cell.dto';
import { CellStore } from './cell.store';
import { isUuid } from '../../domain/ids';

const DAY_MS = 86_400_000;
const HEALTH_SUMMARY_MS = 30_000;

function valid<T>(check: FieldCheck<T>): T {
  if (!check.ok) throw badRequest(check.code, check.message);
  return check.value;
}

function instant(value: string, field: string): Date {
  // An instant without an offset would be read in the server's time zone: refuse it rather than guess.
  const d = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim()) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw badRequest('invalid_instant', `${field} must be a date and time with its offset, such as 2026-04-01T09:00:00+02:00 or 2026-04-01T07:00:00Z.`);
  return d;
}

function memberView(m: CellMemberEntity) {
  return {
    id: m.id,
    name: m.name,
    role: m.role,
    roleLabel: cellRoleLabelFr(m.role),
    email: m.email,
    phone: m.phone,
    active: m.active,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const gapView = (g: CoverageGap) => ({
  role: g.role,
  from: g.from.toISOString(),
  to: g.to.toISOString(),
  fromParis: formatParis(g.from),
  toParis: formatParis(g.to),
  reason: g.reason,
  message: `Personne d'astreinte comme ${cellRoleLabelFr(g.role)} du ${formatParis(g.from)} au ${formatParis(g.to)} (${g.reason === 'no_rotation' ? 'aucun tour d’astreinte' : 'tous absents ou inactifs'}).`,
});

/** Cell members, rotations and overrides; who is on call; where the roster has holes. */
@Injectable()
export class CellRosterService {
  private health: { at: number; summary: { status: string; days: number; gaps: unknown[] } } | null = null;

  constructor(
    private readonly store: CellStore,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listMembers() {
    const rows = await this.store.members();
    return rows.map(memberView);
  }

  async createMember(dto: CreateCellMemberDto, actor: string) {
    const fields = {
      name: valid(checkMemberName(dto.name)),
      role: valid(checkCellRole(dto.role)),
      email: valid(checkMemberEmail(dto.email)),
      phone: valid(checkMemberMobile(dto.phone)),
      active: dto.active ?? true,
    };
    return this.write(async (work) => {
      const m = work.manager;
      const member = await m.save(m.create(CellMemberEntity, fields));
      await work.audit({ actor, action: 'cell.member_created', subjectType: 'cell_member', subjectId: member.id, payload: { ...fields } });
      return memberView(member);
    });
  }

  async updateMember(id: string, dto: UpdateCellMemberDto, actor: string) {
    const changes: Partial<CellMemberEntity> = {};
    if (dto.name !== undefined) changes.name = valid(checkMemberName(dto.name));
    if (dto.role !== undefined) changes.role = valid(checkCellRole(dto.role));
    if (dto.email !== undefined) changes.email = valid(checkMemberEmail(dto.email));
    if (dto.phone !== undefined) changes.phone = valid(checkMemberMobile(dto.phone));
    if (dto.active !== undefined) changes.active = dto.active;
    return this.write(async (work) => {
      const m = work.manager;
      const member = await this.findMember(m, id, true);
      Object.assign(member, changes);
      await m.save(member);
      await work.audit({ actor, action: 'cell.member_updated', subjectType: 'cell_member', subjectId: id, payload: { changes } });
      return memberView(member);
    });
  }

  async listRotations() {
    const rows = await this.store.rotations();
    return rows.map((r) => ({ id: r.id, role: r.role, startLocal: r.startLocal, shiftHours: r.shiftHours, memberIds: r.memberIds, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() }));
  }

  async createRotation(dto: CreateRotationDto, actor: string) {
    const role = valid(checkCellRole(dto.role));
    const rotation = { role, startLocal: dto.startLocal.trim(), shiftHours: dto.shiftHours ?? DEFAULT_SHIFT_HOURS, memberIds: dto.memberIds.map((x) => x.toLowerCase()) };
    const check = checkRotation(rotation);
    if (!check.ok) throw badRequest(check.code, check.message);
    return this.write(async (work) => {
      const m = work.manager;
      const known = await m.find(CellMemberEntity, { where: { id: In([...new Set(rotation.memberIds)]) } });
      const unknown = rotation.memberIds.filter((id) => !known.some((k) => k.id === id));
      if (unknown.length) throw badRequest('rotation_unknown_member', `No cell member with id ${unknown.join(', ')}: add the members first.`);
      const saved = await m.save(m.create(CellRotationEntity, { ...rotation, createdBy: actor }));
      await work.audit({ actor, action: 'cell.rotation_created', subjectType: 'cell_rotation', subjectId: saved.id, payload: { ...rotation } });
      return { id: saved.id, ...rotation };
    });
  }

  async deleteRotation(id: string, actor: string): Promise<void> {
    await this.write(async (work) => {
      const m = work.manager;
      const row = isUuid(id) ? await m.findOne(CellRotationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!row) throw notFound('rotation_not_found', `No rotation with id ${id}.`);
      await m.delete(CellRotationEntity, id);
      await work.audit({
        actor,
        action: 'cell.rotation_deleted',
        subjectType: 'cell_rotation',
        subjectId: id,
        payload: { role: row.role, startLocal: row.startLocal, shiftHours: row.shiftHours, memberIds: row.memberIds },
      });
    });
  }

  async listOverrides() {
    const rows = await this.store.overridesEndingAfter(await this.store.now());
    return rows.map((o) => ({ id: o.id, kind: o.kind, memberId: o.memberId, role: o.role, from: o.fromAt.toISOString(), to: o.toAt.toISOString(), reason: o.reason, createdBy: o.createdBy }));
  }

  async createOverride(dto: CreateOverrideDto, actor: string) {
    const from = instant(dto.from, 'from');
    const to = instant(dto.to, 'to');
    if (to.getTime() <= from.getTime()) throw badRequest('override_interval_invalid', '`to` must be after `from`.');
    let role: string | null = null;
    if (dto.kind === 'swap') role = valid(checkCellRole(dto.role));
    else if (dto.role !== undefined && dto.role !== null) throw badRequest('override_leave_role', 'A leave covers every role: leave out `role`.');
    return this.write(async (work) => {
      const m = work.manager;
      await this.findMember(m, dto.memberId, false);
      const saved = await m.save(m.create(CellOverrideEntity, { kind: dto.kind, memberId: dto.memberId, role, fromAt: from, toAt: to, reason: dto.reason?.trim() || null, createdBy: actor }));
      const view = { id: saved.id, kind: dto.kind, memberId: dto.memberId, role, from: from.toISOString(), to: to.toISOString(), reason: saved.reason };
      await work.audit({ actor, action: 'cell.override_created', subjectType: 'cell_override', subjectId: saved.id, payload: view });
      return view;
    });
  }

  async deleteOverride(id: string, actor: string): Promise<void> {
    await this.write(async (work) => {
      const m = work.manager;
      const row = isUuid(id) ? await m.findOne(CellOverrideEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!row) throw notFound('override_not_found', `No override with id ${id}.`);
      await m.delete(CellOverrideEntity, id);
      await work.audit({ actor, action: 'cell.override_deleted', subjectType: 'cell_override', subjectId: id, payload: { kind: row.kind, memberId: row.memberId, role: row.role } });
    });
  }

  /** The roster as the pure rules need it; overrides that ended before `since` cannot matter. */
  async loadRoster(since: Date, m?: EntityManager): Promise<Roster & { names: Map<string, CellMemberEntity> }> {
    const { members, rotations, overrides } = await this.store.rosterRows(since, m);
    return {
      members: members.map((x) => ({ id: x.id, active: x.active })),
      rotations: rotations.map((r) => ({ id: r.id, role: r.role, startLocal: r.startLocal, shiftHours: r.shiftHours, memberIds: r.memberIds })),
      overrides: overrides.map((o) => ({ id: o.id, kind: o.kind, memberId: o.memberId, role: o.role, from: o.fromAt, to: o.toAt })),
      names: new Map(members.map((x) => [x.id, x])),
    };
  }

  /** The roles the cell pages: the required ones, and any other role with a rotation. */
  rolesOf(roster: Roster): string[] {
    const roles = [...this.config.cell.requiredRoles];
    for (const r of roster.rotations) if (!roles.includes(r.role)) roles.push(r.role);
    return roles;
  }

  async onCall(atParam?: string) {
    const at = atParam ? instant(atParam, 'at') : await this.store.now();
    const roster = await this.loadRoster(at);
    const person = (id: string) => ({ id, name: roster.names.get(id)?.name ?? null });
    return {
      at: at.toISOString(),
      atParis: formatParis(at),
      roles: this.rolesOf(roster).map((role) => {
        const oc = onCallAt(roster, role, at);
        return {
          role,
          roleLabel: cellRoleLabelFr(role),
          required: this.config.cell.requiredRoles.includes(role),
          onCall: oc ? { ...person(oc.memberId), source: oc.source } : null,
          backups: oc ? oc.backups.map(person) : [],
          slot: oc?.slot
            ? { rotationId: oc.slot.rotationId, start: oc.slot.start.toISOString(), end: oc.slot.end.toISOString(), startParis: formatParis(oc.slot.start), endParis: formatParis(oc.slot.end) }
            : null,
        };
      }),
    };
  }

  async coverage(days = this.config.cell.coverageDays) {
    if (!Number.isInteger(days) || days < 1 || days > 366) throw badRequest('coverage_days_invalid', 'days must be a whole number between 1 and 366.');
    const from = await this.store.now();
    const to = new Date(from.getTime() + days * DAY_MS);
    const roster = await this.loadRoster(from);
    const gaps = coverageGaps(roster, this.rolesOf(roster), from, to);
    return { from: from.toISOString(), to: to.toISOString(), days, requiredRoles: this.config.cell.requiredRoles, gaps: gaps.map(gapView) };
  }

  /**
   * For /api/health: gaps are a warning, never a failure of the server. The
   * probe is public and polled every few seconds: the summary is kept for
   * HEALTH_SUMMARY_MS, and forgotten at once when this instance changes the roster.
   */
  async healthSummary() {
    if (this.health && Date.now() - this.health.at < HEALTH_SUMMARY_MS) return this.health.summary;
    const c = await this.coverage();
    const summary = { status: c.gaps.length ? 'gaps' : 'covered', days: c.days, gaps: c.gaps.map(({ role, from, to, reason, message }) => ({ role, from, to, reason, message })) };
    this.health = { at: Date.now(), summary };
    return summary;
  }

  /** A roster change: one transaction, after which the health summary is computed afresh. */
  private write<T>(change: (work: Work) => Promise<T>): Promise<T> {
    return this.uow.run(change).finally(() => {
      this.health = null;
    });
  }

  async findMember(m: EntityManager, id: string, lock: boolean): Promise<CellMemberEntity> {
    const member = isUuid(id) ? await m.findOne(CellMemberEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : null;
    if (!member) throw notFound('cell_member_not_found', `No cell member with id ${id}.`);
    return member;
  }
}
