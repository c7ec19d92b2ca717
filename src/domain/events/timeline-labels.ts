/** How the timeline names each kind of entry, in French: it is read by the crisis room and by reviewers. */
const LABELS: Record<string, string> = {
  'event.created': 'Événement créé',
  'event.cod_activated': 'Activation du COD décidée',
  'event.cip_ordered': 'Activation de la CIP ordonnée',
  'event.cip_opened': 'CIP ouverte',
  'event.fact_recorded': 'Information transmise (saisie manuelle)',
  'event.closed': 'Événement clos',
  'clock.warning': 'Alerte d’échéance',
  'clock.missed': 'Échéance dépassée',
};

export function timelineLabel(action: string, payload: Record<string, unknown>): string {
  const base = LABELS[action] ?? action;
  if (action === 'clock.warning') return `${base} ${String(payload.key)} : ${String(payload.leadMinutes)} min restantes`;
  if (action === 'clock.missed') return `${base} ${String(payload.key)}`;
  return base;
}

/** Minutes since the COD decision, one decimal, negative before it; null while the COD is not active. */
export function minutesSince(start: Date | null, at: Date): number | null {
  if (!start) return null;
  return Math.round((at.getTime() - start.getTime()) / 6000) / 10;
}
