import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { badRequest, conflict, notFound } from '../../common/app-error';
import { normaliseInseeCode } from '../../domain/communes/commune-directory';
import { ContactFields, ContactInput, validateContactFields } from '../../domain/contacts/contact-fields';
import { CONTACT_KINDS, ContactKind } from '../../domain/contacts/contact-kinds';
import { belongsToAudience, RecipientAudience } from '../../domain/contacts/recipient-rules';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { ContactListsService } from './contact-lists.service';
import { isUuid } from '../../domain/ids';
import { isUniqueViolation, SqlSelect } from '../../database/sql';
import { contactView, ContactView } from './contact-view';
import { ContactEntity } from './contact.entity';
import { ContactQueryDto, CreateContactDto, UpdateContactDto } from './contacts.dto';
import { ContactsStore, RecipientQuery } from './contacts.store';

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
    private readonly store: ContactsStore,
    private readonly uow: UnitOfWork,
    private readonly lists: ContactListsService,
  ) {}

  async list(q: ContactQueryDto): Promise<{ items: ContactView[]; total: number; page: number; pageSize: number }> {
    const [rows, total] = await this.store.search(
      { includeInactive: q.includeInactive === 'true', kind: q.kind, commune: q.commune ? normaliseInseeCode(q.commune) : undefined, words: (q.q ?? '').split(/\s+/).filter(Boolean) },
      q.page,
      q.pageSize,
    );
    const names = await this.store.listNamesOf(rows.map((r) => r.id));
    return { items: rows.map((r) => contactView(r, names.get(r.id) ?? [])), total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<ContactView> {
    return this.view(undefined, await this.find(undefined, id));
  }

  async create(dto: CreateContactDto, actor: string): Promise<ContactView> {
    const fields = this.validate(dto);
    return this.unique(
      () => fields,
      () =>
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
    const rows = await this.store.recipients(await this.recipientQuery(input, manager), manager);
    return rows.map((c) => ({ contactId: c.contact_id, name: c.name, email: c.email, mobile: c.mobile, exerciseParticipant: c.exercise_participant }));
  }

  /**
   * The same recipients as a SELECT (contact_id, name, email, mobile,
   * exercise_participant) for the caller's INSERT … SELECT: a dispatch to
   * 35,000 mayors never reads them into memory. Unknown lists are refused here.
   */
  async recipientsSelect(input: ResolveRecipientsInput, manager?: EntityManager): Promise<SqlSelect> {
    return this.store.recipientsSelect(await this.recipientQuery(input, manager));
  }

  private async recipientQuery(input: ResolveRecipientsInput, manager?: EntityManager): Promise<RecipientQuery> {
    return {
      audience: input.audience,
      kinds: CONTACT_KINDS.filter((k: ContactKind) => belongsToAudience(k, input.audience)),
      communes: input.communes.map(normaliseInseeCode),
      lists: input.listIds ? await this.lists.choices(input.listIds, manager) : undefined,
      exerciseOnly: input.exerciseOnly,
    };
  }

  private async view(m: EntityManager | undefined, c: ContactEntity): Promise<ContactView> {
    return contactView(c, (await this.store.listNamesOf([c.id], m)).get(c.id) ?? []);
  }

  private validate(input: ContactInput): ContactFields {
    const r = validateContactFields(input);
    if (!r.ok) throw badRequest('invalid_contact', `Invalid contact: ${r.errors.map((e) => e.message).join('; ')}.`, { errors: r.errors });
    return r.contact;
  }

  private async find(m: EntityManager | undefined, id: string, lock = false): Promise<ContactEntity> {
    const c = !isUuid(id) ? null : m ? await m.findOne(ContactEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) }) : await this.store.contact(id);
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
      const other = f ? await this.store.idOfKey(f) : null;
      const where = f ? [f.organisation, f.communeInsee].filter(Boolean).join(', ') : '';
      throw conflict(
        'contact_exists',
        `A contact ${f ? `${f.kind} "${f.name}"${where ? ` (${where})` : ''} ` : ''}already exists${other ? ` with id ${other}: change that one` : ''}. Kind, name, organisation and commune identify a contact.`,
      );
    }
  }
}
