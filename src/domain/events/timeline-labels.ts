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
  'message.drafted': 'Message rédigé',
  'message.approved': 'Message approuvé',
  'message.dispatched': 'Message envoyé aux canaux',
  'delivery.results': 'Résultats de diffusion',
  'delivery.lease_expired': 'Envois repris après arrêt du service',
  'delivery.reconciled': 'Publication incertaine vérifiée',
  'delivery.resolved': 'Publication incertaine tranchée par une personne',
};

export function timelineLabel(action: string, payload: Record<string, unknown>): string {
  const base = LABELS[action] ?? action;
  if (action === 'clock.warning') return `${base} ${String(payload.key)} : ${String(payload.leadMinutes)} min restantes`;
  if (action === 'clock.missed') return `${base} ${String(payload.key)}`;
  if (action === 'event.fact_recorded' && payload.manual === false) return `Information parvenue (${String(payload.audience)}, ${String(payload.means)})`;
  if (action.startsWith('message.') && payload.marker) return `${base} ${String(payload.marker)}`;
  if (action === 'delivery.results' && payload.counts) return `${base} : ${Object.entries(payload.counts as Record<string, number>).map(([k, v]) => `${v} ${k}`).join(', ')}`;
  return base;
}

/** Minutes since the COD decision, one decimal, negative before it; null while the COD is not active. */
export function minutesSince(start: Date | null, at: Date): number | null {
  if (!start) return null;
  return Math.round((at.getTime() - start.getTime()) / 6000) / 10;
}
