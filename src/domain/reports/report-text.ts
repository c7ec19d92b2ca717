import type { CommitmentStatus } from '../events/commitment-clocks';
import { EVENT_MODE_LABELS_FR, EventMode } from '../events/event-mode';
import { EVENT_STATUS_LABELS_FR, EventStatus } from '../events/event-status.policy';
import { formatParis } from '../time/paris-time';

/** The French words every rendering of a report uses (Markdown, PDF, CSV): one place, one vocabulary. */

export const STATUS_FR: Readonly<Record<CommitmentStatus, string>> = {
  met: 'tenu',
  missed: 'manqué',
  pending: 'en cours',
  not_started: 'non démarré',
};

export const eventStatusFr = (status: string): string => EVENT_STATUS_LABELS_FR[status as EventStatus] ?? status;

export const PHASE_FR: Readonly<Record<'hot' | 'cold', string>> = { hot: 'RETEX à chaud', cold: 'RETEX à froid' };

export const AUDIENCE_FR: Readonly<Record<string, string>> = { elected: 'Élus', public: 'Grand public', media: 'Médias', partners: 'Partenaires institutionnels' };

export const CHANNEL_FR: Readonly<Record<string, string>> = {
  email: 'courriel',
  sms: 'SMS',
  x: 'X',
  facebook: 'Facebook',
  public_page: 'page publique',
  webhook: 'webhook',
};

export const DELIVERY_STATUS_FR: Readonly<Record<string, string>> = {
  queued: 'en file',
  sending: 'en cours',
  sent: 'accepté',
  failed: 'échec',
  unknown: 'incertain',
  sandboxed: 'bac à sable',
};

/**
 * `3 remis, 1 rejeté, 1 expiré`: what the providers reported after accepting (SMS delivery
 * reports, email bounces); an en dash for the channels that send no receipt.
 */
export function receiptsFr(channel: string, receipts: Record<string, number> | undefined): string {
  if (channel !== 'email' && channel !== 'sms') return '—';
  const n = (k: string) => receipts?.[k] ?? 0;
  const parts = [`${n('delivered')} remis`];
  if (n('bounced')) parts.push(`${n('bounced')} rejeté${n('bounced') > 1 ? 's' : ''}`);
  if (n('expired')) parts.push(`${n('expired')} expiré${n('expired') > 1 ? 's' : ''}`);
  return parts.join(', ');
}

export const modeFr = (mode: EventMode | string): string => EVENT_MODE_LABELS_FR[mode as EventMode] ?? mode;

/** `28/11/2026 16:03` in Paris time, or an en dash when there is no such time. */
export function parisOr(iso: string | null | undefined, none = '—'): string {
  return iso ? formatParis(new Date(iso)) : none;
}

/** `42,5` (French decimal comma), or an en dash. */
export function minutesFr(n: number | null | undefined, none = '—'): string {
  return n === null || n === undefined ? none : n.toFixed(1).replace('.', ',');
}

/** `T+12,5` / `T-3,0` from the COD decision, or an en dash before any COD. */
export function tPlusFr(n: number | null): string {
  if (n === null) return '—';
  return `T${n < 0 ? '-' : '+'}${minutesFr(Math.abs(n))}`;
}

/** The status sentence of a clock, honest about what is not (yet) a verdict. */
export function statusSentenceFr(status: CommitmentStatus): string {
  switch (status) {
    case 'met':
      return 'tenu';
    case 'missed':
      return 'manqué';
    case 'pending':
      return 'en cours (ni tenu ni manqué à ce jour)';
    case 'not_started':
      return 'non démarré (le fait de départ n’existe pas)';
  }
}
