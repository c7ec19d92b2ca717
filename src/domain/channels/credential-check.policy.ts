import type { ChannelName } from './channel-catalogue';
/**
 * What a credential check of a live channel found, and what of it is worth
 * telling people. Pure: no clock, no Nest; the service keeps the last result
 * per account and asks here what changed.
 */
export type CredentialStatus = 'ok' | 'refused' | 'unreachable';

/** What an adapter's `checkCredentials` answers: never a secret in `reason`. */
export interface CredentialVerdict {
  status: CredentialStatus;
  reason?: string;
}

export interface CredentialCheck extends CredentialVerdict {
  /** When the answer came (an observation time of this process, not a due time). */
  checkedAt: Date;
}

/** Channels whose provider holds a credential of ours (the webhook's secret and our own page are not checked). */
export type CheckedChannel = Exclude<ChannelName, 'webhook' | 'public_page'>;
/** `secondary`: the second provider of email or SMS, used when the first fails. */
export type CheckedAccount = 'live' | 'exercise' | 'secondary';

/**
 * - `refused`: the audit log and a warn line, the credential went wrong;
 * - `ok`: the audit log and an info line, a refused credential works again;
 * - `unreachable`: a warn line only, the provider could not be asked (nothing is known of the credential);
 * - null: nothing new.
 * The credential's state is the last decisive answer (ok or refused): an unreachable provider changes nothing of it.
 */
export type CredentialChange = 'refused' | 'ok' | 'unreachable' | null;

export function credentialChange(previous: CredentialVerdict | undefined, next: CredentialVerdict, lastDecisive: 'ok' | 'refused' | undefined): CredentialChange {
  if (next.status === 'refused') return lastDecisive === 'refused' ? null : 'refused';
  if (next.status === 'ok') return lastDecisive === 'refused' ? 'ok' : null;
  return previous?.status === 'unreachable' ? null : 'unreachable';
}

const SUBJECTS: Record<CheckedChannel, { live: string; exercise: string }> = {
  email: { live: 'Le compte e-mail (SMTP) de la préfecture', exercise: 'Le compte e-mail (SMTP) d’exercice' },
  sms: { live: 'Le compte SMS de la préfecture', exercise: 'Le compte SMS d’exercice' },
  x: { live: 'Le compte X de la préfecture', exercise: 'Le compte X d’exercice' },
  facebook: { live: 'La page Facebook de la préfecture', exercise: 'La page Facebook d’exercice' },
  instagram: { live: 'Le compte Instagram de la préfecture', exercise: 'Le compte Instagram d’exercice' },
  mastodon: { live: 'Le compte Mastodon de la préfecture', exercise: 'Le compte Mastodon d’exercice' },
  bluesky: { live: 'Le compte Bluesky de la préfecture', exercise: 'Le compte Bluesky d’exercice' },
};

/** The sentence the console shows (text, not a colour): what is wrong and what to do, before the next crisis. */
export function refusedCredentialWarning(channel: CheckedChannel, account: CheckedAccount): string {
  const next = account === 'exercise' ? 'le prochain exercice' : 'la prochaine crise';
  const subject = account === 'secondary' ? `${SUBJECTS[channel].live} (second fournisseur, en secours)` : SUBJECTS[channel][account];
  return `${subject} refuse ses identifiants : vérifiez-les avant ${next}.`;
}
