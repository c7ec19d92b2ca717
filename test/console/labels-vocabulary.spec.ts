import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PERMISSIONS } from '../../src/access/permissions';
import { ROLES } from '../../src/access/role';
import { ACCOUNT_ACTIONS, AUDIT_ACTIONS, EVENT_TIMELINE_ACTIONS, SETUP_ACTIONS } from '../../src/domain/audit/audit-actions';
import { CHANNELS, DELIVERY_AUDIENCES, DELIVERY_STATUSES } from '../../src/domain/channels/channel-catalogue';
import { AUDIENCE_LABELS_FR, CHANNEL_LABELS_FR, DELIVERY_STATUS_LABELS_FR } from '../../src/domain/channels/channel-labels';
import { ACTION_STATUSES } from '../../src/domain/debriefs/debrief.policy';
import { COMMITMENT_KEYS, COMMITMENT_SHORT_LABELS_FR } from '../../src/domain/events/commitment-clocks';
import { EVENT_STATUSES } from '../../src/domain/events/event-status.policy';
import { TIMELINE_LABELS_FR, timelineLabel } from '../../src/domain/events/timeline-labels';
import { EXERCISE_STATUSES } from '../../src/domain/exercises/programme.policy';
import { consoleSettingsView } from '../../src/modules/console/console-settings-view';
import type { AppConfig } from '../../src/config/app-config';
import { CLOCK_NAMES } from '../../web/console/clock-format.js';
import { STATUS_LABELS } from '../../web/console/delivery-progress.js';
import {
  ACTION_STATUS_LABELS,
  audienceLabel,
  channelLabel,
  ERROR_MESSAGES,
  MACHINE_ERROR_CODES,
  errorMessage,
  EVENT_STATUS_LABELS,
  EXERCISE_STATUS_LABELS,
  MESSAGE_STATUS_LABELS,
  PAGE_OUTCOME_LABELS,
  ROLE_LABELS,
} from '../../web/console/labels.js';

const SRC = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return n.endsWith('.ts') && !n.endsWith('.spec.ts') ? [p] : [];
  });
}
const SOURCES = sourceFiles(SRC).map((p) => readFileSync(p, 'utf8'));

/** The live channel's event types, read from their declaration (a type has no runtime value). */
const LIVE_EVENT_TYPES = new Set(
  [.../export type LiveEventType = ([^;]+);/.exec(readFileSync(join(SRC, 'modules', 'live', 'live-events.service.ts'), 'utf8'))![1].matchAll(/'([a-z_.]+)'/g)].map((m) => m[1]),
);

/** Every `'prefix.word'` literal of the source whose prefix is one of the audit log's, minus the permissions' names and the live events' types. */
function auditActionsInSource(): Set<string> {
  const prefixes = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]))].join('|');
  const literal = new RegExp(`(type: )?'((?:${prefixes})\\.[a-z_]+)'`, 'g');
  const found = new Set<string>();
  for (const text of SOURCES) {
    for (const m of text.matchAll(literal)) if (!m[1] && !(m[2] in PERMISSIONS) && !LIVE_EVENT_TYPES.has(m[2])) found.add(m[2]);
  }
  return found;
}

const isFrench = (label: string, code: string) => label.trim() !== '' && label !== code && !/\b[a-z]+_[a-z_]+\b/.test(label);

/** Every code of a server vocabulary has a French name in `table`. */
function expectLabelled(table: Record<string, string>, codes: readonly string[]) {
  const missing = codes.filter((c) => !(c in table) || !isFrench(table[c], c));
  expect(missing).toEqual([]);
}

describe('every word the console and the timeline show has its French name, vocabulary by vocabulary', () => {
  it('lists in the audit vocabulary every action the source writes', () => {
    const unknown = [...auditActionsInSource()].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    expect(unknown).toEqual([]);
    // The scan does find them: it is not looking at nothing.
    expect(auditActionsInSource().size).toBeGreaterThan(40);
  });

  it('names every action the timeline can show in French, and writes no code in the label', () => {
    const labelled = [...EVENT_TIMELINE_ACTIONS, ...SETUP_ACTIONS];
    expectLabelled(TIMELINE_LABELS_FR, labelled);
    for (const action of labelled) expect(isFrench(timelineLabel(action, {}), action)).toBe(true);
    // Account actions never reach a timeline (they are not about an event).
    for (const action of ACCOUNT_ACTIONS) expect(TIMELINE_LABELS_FR).not.toHaveProperty(action);
  });

  it.each([
    ['event.fact_recorded', { manual: false, audience: 'elected', means: 'email' }],
    ['delivery.results', { counts: Object.fromEntries(DELIVERY_STATUSES.map((s, n) => [s, n + 2])) }],
    ['cell.page_sent', { memberName: 'Claire Dupont', role: 'chief', deliveries: Object.fromEntries(CHANNELS.map((c) => [c, { status: 'sent' }])) }],
    ['clock.warning', { key: 'C2-elected', leadMinutes: 15 }],
    ['clock.missed', { key: 'C1' }],
  ])('writes %s with French names of its audience, channels, statuses and clock', (action, payload) => {
    const label = timelineLabel(action, payload);
    const codes = [...DELIVERY_AUDIENCES, ...CHANNELS, ...DELIVERY_STATUSES, ...COMMITMENT_KEYS].filter((c) => c.length > 2 && !['public', 'sms', 'facebook', 'webhook'].includes(c));
    expect(codes.filter((c) => new RegExp(`(^|[^\\p{L}])${c}([^\\p{L}]|$)`, 'u').test(label))).toEqual([]);
  });

  it('names every channel, audience and delivery status on the server', () => {
    expectLabelled(CHANNEL_LABELS_FR, CHANNELS);
    expectLabelled(AUDIENCE_LABELS_FR, DELIVERY_AUDIENCES);
    expectLabelled(Object.fromEntries(Object.entries(DELIVERY_STATUS_LABELS_FR).map(([k, v]) => [k, v.many])), DELIVERY_STATUSES);
  });

  it('names every channel, audience, status, role and clock in the console', () => {
    const settings = consoleSettingsView({ clocks: { warningLeadMinutes: [15, 5] }, messaging: { fourEyes: true } } as unknown as AppConfig);
    expectLabelled(Object.fromEntries(CHANNELS.map((c) => [c, channelLabel(settings, c)])), CHANNELS);
    expectLabelled(Object.fromEntries(DELIVERY_AUDIENCES.map((a) => [a, audienceLabel(settings, a)])), DELIVERY_AUDIENCES);
    expectLabelled(STATUS_LABELS, DELIVERY_STATUSES);
    expectLabelled(PAGE_OUTCOME_LABELS, DELIVERY_STATUSES);
    expectLabelled(EVENT_STATUS_LABELS, EVENT_STATUSES);
    expectLabelled(MESSAGE_STATUS_LABELS, ['draft', 'approved', 'dispatched']);
    expectLabelled(ROLE_LABELS, ROLES);
    expectLabelled(EXERCISE_STATUS_LABELS, EXERCISE_STATUSES);
    expectLabelled(ACTION_STATUS_LABELS, ACTION_STATUSES);
    // The console's clock names are the server's.
    expect(CLOCK_NAMES).toEqual(COMMITMENT_SHORT_LABELS_FR);
  });

  const serverCodes = new Set(SOURCES.flatMap((t) => [...t.matchAll(/(?:badRequest|notFound|conflict|forbidden|unprocessable|unauthorized|AppError\([^,]+,)\s*\(?\s*'([a-z_]+)'/g)].map((m) => m[1])));

  it('has no French error sentence for a code the server never sends', () => {
    expect(serverCodes.size).toBeGreaterThan(50);
    expect(Object.keys(ERROR_MESSAGES).filter((c) => !serverCodes.has(c))).toEqual([]);
    expect(MACHINE_ERROR_CODES.filter((c) => !serverCodes.has(c))).toEqual([]);
  });

  it('has a French sentence for every code a person can meet (all but the machines’ own)', () => {
    expect([...serverCodes].filter((c) => !(c in ERROR_MESSAGES) && !MACHINE_ERROR_CODES.includes(c))).toEqual([]);
    expect(MACHINE_ERROR_CODES.filter((c) => c in ERROR_MESSAGES)).toEqual([]);
  });

  it.each([
    [401, 'bad_credentials', 'Wrong user name or password.', 'Identifiant ou mot de passe incorrect.'],
    [409, 'msel_already_paused', 'The MSEL is already paused.', 'Le chronogramme est déjà en pause.'],
    [404, 'some_new_code', 'No such thing.', 'L’élément demandé n’existe pas (ou plus).'],
    [400, 'bad_request', 'body.title must be a string', 'La demande n’est pas valide : vérifiez les champs saisis.'],
    [422, 'a_new_code', 'Le gabarit attend la variable « communes ».', 'Le gabarit attend la variable « communes ».'],
    [503, 'internal_error', 'Internal error', 'Le serveur a rencontré une erreur : réessayez dans un instant.'],
  ])('shows a person a French sentence for a refusal %i %s', (status, code, apiMessage, shown) => {
    expect(errorMessage(status, code, apiMessage)).toBe(shown);
  });

  it.each([
    [429, 'too_many_failed_logins', { limitedBy: 'user', retryInMinutes: 12 }, 'Trop d’échecs de connexion pour ce compte : réessayez dans 12 minutes, ou demandez à un administrateur.'],
    [429, 'too_many_failed_logins', { limitedBy: 'address', retryInMinutes: 1 }, 'Trop d’échecs de connexion depuis ce poste : réessayez dans 1 minute, ou demandez à un administrateur.'],
    [429, 'too_many_failed_logins', undefined, 'Trop d’échecs de connexion pour ce compte : réessayez plus tard, ou demandez à un administrateur.'],
    [409, 'page_already_acknowledged', { memberName: 'Claire Martin', ackedAtParis: '06/12/2026 03:12' }, 'Claire Martin a déjà accusé réception de cet appel (06/12/2026 03:12).'],
    [409, 'page_already_acknowledged', undefined, 'Cet appel a déjà été acquitté.'],
    [400, 'seq_not_in_timeline', { missingSeqs: [7] }, 'L’entrée 7 n’est pas dans la main courante de cet événement : un constat ne cite que les entrées de son événement.'],
    [400, 'seq_not_in_timeline', { missingSeqs: [7, 9] }, 'Les entrées 7, 9 ne sont pas dans la main courante de cet événement : un constat ne cite que les entrées de son événement.'],
    [
      400,
      'message_variables',
      { problems: [{ variable: 'communes', why: 'is 900 characters long; the limit is 500' }] },
      'Le message ne peut pas être rédigé avec ces valeurs : vérifiez « communes ».',
    ],
  ])('fills the French sentence of %i %s from the refusal’s details', (status, code, details, shown) => {
    expect(errorMessage(status, code, 'an English message', details)).toBe(shown);
  });
});
