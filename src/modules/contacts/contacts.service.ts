import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { normaliseInseeCode } from '../../domain/communes/commune-directory';
import { ContactFields, ContactInput, validateContactFields } from '../../domain/contacts/contact-fields';
import { CONTACT_KINDS, ContactKind } from '../../domain/contacts/contact-kinds';
import { belongsToAudience, RecipientAudience, selectRecipients } from '../../domain/contacts/recipient-rules';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ContactListsService } from './contact-lists.service';
import { isUuid } from '../../domain/ids';
import { isUniqueViolation } from '../../database/sql';
import { listNamesOf, loadSelectableContacts } from './contact-rows';
import { contactView, ContactView } from './contact-view';
import { ContactEntity } from './contact.entity';
import { ContactQueryDto, CreateContactDto, UpdateContactDto } from './contacts.dto';

export interface ResolveRecipientsInput {
  audience: RecipientAudience;
  /** INSEE codes of the event's communes. */
  communes: string[];
  /** Distribution lists to use instead of the audience's default recipients. */
  listIds?: string[];
  /** Exercise mode: only contacts flagged as exercise participants. */
  exerciseOnly: boolean;
}

export interface Recipient {
  contactId: string;
  name: string;
  email: string | null;
  mobile: string | null;
  exerciseParticipant: boolean;
}

/** What the audit log keeps of a contact: no address, as the log can never be erased (RGPD). */
const auditable = (c: ContactFields | ContactEntity) => ({
  kind: c.kind,
  name: c.name,
  organisation: c.organisation,
  communeInsee: c.communeInsee,
  hasEmail: c.email !== null,
  hasMobile: c.mobile !== null,
  exerciseParticipant: c.exerciseParticipant,
});

const FIELDS: (keyof ContactFields)[] = ['kind', 'name', 'organisation', 'communeInsee', 'email', 'mobile', 'exerciseParticipant'];

/**
 * Contacts: the elected officials, media and services the prefecture writes
 * to, and who among them receives a message (resolveRecipients, for dispatch).
 */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly lists: ContactListsService,
  ) {}

  async list(q: ContactQueryDto): Promise<{ items: ContactView[]; total: number; page: number; pageSize: number }> {
    const qb = this.dataSource.getRepository(ContactEntity).createQueryBuilder('c');
    if (q.includeInactive !== 'true') qb.andWhere('c.active');
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.commune) qb.andWhere('c.commune_insee = :commune', { commune: normaliseInseeCode(q.commune) });
    for (const [i, word] of (q.q ?? '').split(/\s+/).filter(Boolean).entries()) {
      const like = `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(`(c.name ILIKE :w${i} OR c.organisation ILIKE :w${i} OR c.email ILIKE :w${i})`, { [`w${i}`]: like });
    }
    const [rows, total] = await qb
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.organisation', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.id', 'ASC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const names = await listNamesOf(this.dataSource.manager, rows.map((r) => r.id));
    return { items: rows.map((r) => contactView(r, names.get(r.id) ?? [])), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<ContactView> {
    const m = this.dataSource.manager;
    return this.view(m, await this.find(m, id));
  }

  async create(dto: CreateContactDto, actor: string): Promise<ContactView> {
    const fields = this.validate(dto);
    return this.unique(() => fields, () =>
      this.uow.run(async (work) => {
        const m = work.manager;
        const c = await m.save(m.create(ContactEntity, { ...fields, active: true }));
        await work.audit({ actor, action: 'contact.created', subjectType: 'contact', subjectId: c.id, payload: auditable(c) });
        return contactView(c);
      }),
    );
  }

  async update(id: string, dto: UpdateContactDto, actor: string): Promise<ContactView> {
    let merged: ContactFields | undefined;
    return this.unique(
      () => merged,
      () =>
        this.uow.run(async (work) => {
          const m = work.manager;
          const c = await this.find(m, id, true);
          const pick = <K extends keyof ContactFields>(k: K) => (dto[k] !== undefined ? dto[k] : c[k]);
          const input: ContactInput = {
            kind: pick('kind') as string,
            name: pick('name') as string,
            organisation: pick('organisation'),
            communeInsee: pick('communeInsee'),
            email: pick('email'),
            mobile: pick('mobile'),
            exerciseParticipant: pick('exerciseParticipant') as boolean,
          };
          merged = this.validate(input);
          const changed = FIELDS.filter((f) => merged![f] !== c[f]);
          const reactivated = dto.active === true && !c.active;
          const deactivated = dto.active === false && c.active;
          // Read through this transaction: on the embedded database another connection would wait for it to end.
          if (changed.length === 0 && !reactivated && !deactivated) return this.view(m, c);
          Object.assign(c, merged, dto.active === undefined ? {} : { active: dto.active });
          await m.save(c);
          // Field names only: the old and new addresses would stay in the log for good.
          await work.audit({ actor, action: 'contact.updated', subjectType: 'contact', subjectId: c.id, payload: { changed, ...(dto.active === undefined ? {} : { active: dto.active }) } });
          return this.view(m, c);
        }),
    );
  }

  /** Soft: deliveries already recorded keep pointing at the contact, and it can be brought back with PATCH active=true. */
  async deactivate(id: string, actor: string): Promise<ContactView> {
    return this.uow.run(async (work) => {
      const m = work.manager;
      const c = await this.find(m, id, true);
      if (c.active) {
        c.active = false;
        await m.save(c);
        await work.audit({ actor, action: 'contact.deactivated', subjectType: 'contact', subjectId: c.id, payload: { kind: c.kind, name: c.name } });
      }
      return this.view(m, c);
    });
  }

  /**
   * Who receives a message to an audience (see src/domain/contacts/recipient-rules.ts):
   * with listIds, the members of those lists that belong to the audience; without,
   * the audience's default for the event's communes. Each contact once; inactive
   * contacts never. Pass the caller's manager to read inside its transaction.
   */
  async resolveRecipients(input: ResolveRecipientsInput, manager?: EntityManager): Promise<Recipient[]> {
    const m = manager ?? this.dataSource.manager;
    const kinds = CONTACT_KINDS.filter((k: ContactKind) => belongsToAudience(k, input.audience));
    const lists = input.listIds ? await this.lists.selectable(m, input.listIds) : undefined;
    const contacts = await loadSelectableContacts(m, kinds);
    const communes = input.communes.map(normaliseInseeCode);
    return selectRecipients({ audience: input.audience, communes, lists, exerciseOnly: input.exerciseOnly }, contacts).map((c) => ({
      contactId: c.id,
      name: c.name,
      email: c.email,
      mobile: c.mobile,
      exerciseParticipant: c.exerciseParticipant,
    }));
  }

  private async view(m: EntityManager, c: ContactEntity): Promise<ContactView> {
    return contactView(c, (await listNamesOf(m, [c.id])).get(c.id) ?? []);
  }

  private validate(input: ContactInput): ContactFields {
    const r = validateContactFields(input);
    if (!r.ok) throw badRequest('invalid_contact', `Invalid contact: ${r.errors.map((e) => e.message).join('; ')}.`, { errors: r.errors });
    return r.contact;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<ContactEntity> {
    const c = isUuid(id) ? await m.findOne(ContactEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : null;
    if (!c) throw notFound('contact_not_found', `No contact with id ${id}.`);
    return c;
  }

  /** The natural key is unique: say which contact already holds it rather than a database error. */
  private async unique<T>(fields: () => ContactFields | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const f = fields();
      const [other] = f
        ? await this.dataSource.query(
            `SELECT id FROM contacts WHERE kind = $1 AND name = $2 AND organisation IS NOT DISTINCT FROM $3 AND commune_insee IS NOT DISTINCT FROM $4`,
            [f.kind, f.name, f.organisation, f.communeInsee],
          )
        : [];
      const where = f ? [f.organisation, f.communeInsee].filter(Boolean).join(', ') : '';
      throw conflict(
        'contact_exists',
        `A contact ${f ? `${f.kind} "${f.name}"${where ? ` (${where})` : ''} ` : ''}already exists${other ? ` with id ${other.id}: change that one` : ''}. Kind, name, organisation and commune identify a contact.`,
      );
    }
  }
}
