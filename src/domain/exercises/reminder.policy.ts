import { formatParis } from '../time/paris-time';
import { EXERCISE_TYPE_LABELS_FR, ExerciseType } from './programme.policy';

/** The reminders of a planned exercise still ahead of `now`: one per lead time. */
export function reminderTimes(plannedAt: Date, leadMinutes: number[], now: Date): { leadMinutes: number; fireAt: Date }[] {
  return [...new Set(leadMinutes)].map((lead) => ({ leadMinutes: lead, fireAt: new Date(plannedAt.getTime() - lead * 60_000) })).filter((r) => r.fireAt.getTime() > now.getTime());
}

function leadFr(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'demain' : `dans ${minutes / 1440} jours`;
  if (minutes % 60 === 0) return `dans ${minutes / 60} h`;
  return `dans ${minutes} min`;
}

/** The note to the exercise director: a real message to a member of staff, not an exercise message. */
export function reminderMessage(input: { title: string; type: ExerciseType; plannedAt: Date; leadMinutes: number; directorName: string; players: number; injects: number }) {
  const when = formatParis(input.plannedAt);
  return {
    subject: `Rappel : exercice « ${input.title} » ${leadFr(input.leadMinutes)} (${when})`,
    text: [
      `Bonjour ${input.directorName},`,
      '',
      `L’exercice « ${input.title} » (${EXERCISE_TYPE_LABELS_FR[input.type].toLowerCase()}) que vous dirigez est prévu le ${when} (heure de Paris).`,
      `Joueurs inscrits : ${input.players}. Injects préparés : ${input.injects}.`,
      '',
      'Vérifiez la liste des joueurs et le scénario dans la console de crise, rubrique Exercices.',
      '',
      'Ceci est un rappel automatique de la préfecture.',
    ].join('\n'),
  };
}
