// How a commitment clock looks at a given instant. Pure: no DOM, no clock of its own.

const pad = (n) => String(n).padStart(2, '0');

/** 3_725_000 ms → "62:05" (minutes can exceed 59: the clocks are counted in minutes). */
export function minutesSeconds(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

function spoken(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m} minute${m > 1 ? 's' : ''} et ${s} seconde${s > 1 ? 's' : ''}`;
}

/**
 * clock: one entry of GET /api/events/:id/commitments.
 * nowMs: the server's time now (this device's clock corrected by the measured offset).
 * warningLeadMinutes: e.g. [15, 5]; at the largest the clock turns to "warning",
 * at the smallest to "urgent".
 * → { phase, text, spokenText }
 *   phase: not_started | pending | warning | urgent | missed | met
 */
export function clockDisplay(clock, nowMs, warningLeadMinutes = [15, 5]) {
  if (clock.status === 'not_started') return { phase: 'not_started', text: 'Non démarré', spokenText: 'Non démarré' };
  if (clock.status === 'met') {
    const text = `Tenu à ${timeOfParis(clock.metAtParis)} (${minutesFr(clock.elapsedMinutes)})`;
    return { phase: 'met', text, spokenText: text };
  }
  if (clock.status === 'missed' && clock.metAt) {
    const text = `Dépassé — fait à ${timeOfParis(clock.metAtParis)} (${minutesFr(clock.elapsedMinutes)})`;
    return { phase: 'missed', text, spokenText: text };
  }
  const leftMs = Date.parse(clock.dueAt) - nowMs;
  // Until the server's deadline notice arrives, a pending clock past its due time already shows as missed.
  if (clock.status === 'missed' || leftMs <= 0) {
    return { phase: 'missed', text: `Dépassé de ${minutesSeconds(-leftMs)}`, spokenText: `Échéance dépassée de ${spoken(-leftMs)}` };
  }
  const leads = warningLeadMinutes.filter((n) => n > 0);
  const largest = leads.length ? Math.max(...leads) : 0;
  const smallest = leads.length ? Math.min(...leads) : 0;
  const phase = leftMs <= smallest * 60_000 ? 'urgent' : leftMs <= largest * 60_000 ? 'warning' : 'pending';
  return { phase, text: minutesSeconds(leftMs), spokenText: `${spoken(leftMs)} restantes` };
}

/** 37.5 → "37,5 min" (French decimal comma). */
function minutesFr(n) {
  return `${Number(n ?? 0).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} min`;
}

/**
 * "28/11/2026 02:47" → "02:47": the one helper that shortens a time the API gave
 * in Paris time (`*AtParis`); the console never formats an instant itself.
 */
export function timeOfParis(paris) {
  return typeof paris === 'string' && paris.includes(' ') ? paris.split(' ')[1] : String(paris ?? '');
}

/** Short French names of the commitments, for the clock headings. */
export const CLOCK_NAMES = {
  C1: 'C1 · Cellule',
  'C2-elected': 'C2 · Élus',
  'C2-public': 'C2 · Grand public',
  'C2-media': 'C2 · Médias',
  C4: 'C4 · CIP',
};

export const PHASE_LABELS = {
  not_started: '',
  pending: 'en cours',
  warning: 'alerte',
  urgent: 'urgent',
  missed: 'dépassé',
  met: 'tenu',
};
