// Delivery counts as the deliveries panel draws them. Pure: no DOM.

/** In the order a delivery moves through them; the bar is drawn in this order. */
export const DELIVERY_STATUSES = ['sent', 'sandboxed', 'failed', 'unknown', 'sending', 'queued'];

export const STATUS_LABELS = {
  queued: 'en attente',
  sending: 'en cours',
  sent: 'envoyés',
  failed: 'échecs',
  unknown: 'incertains',
  sandboxed: 'simulés',
};
const ONE = { queued: 'en attente', sending: 'en cours', sent: 'envoyé', failed: 'échec', unknown: 'incertain', sandboxed: 'simulé' };

/**
 * Rows of one message, per audience and channel, from either shape the server
 * sends: the summary of GET /api/events/:id/deliveries ({audience, channel,
 * total, queued, …}) or the counts of a live `delivery.changed`
 * ([{audience, channel, status, count}]).
 * → [{ key, audience, channel, total, done, counts: {status: n} }] sorted by audience then channel.
 */
export function progressRows(input) {
  const rows = new Map();
  const row = (audience, channel) => {
    const key = `${audience}|${channel}`;
    if (!rows.has(key)) rows.set(key, { key, audience, channel, total: 0, done: 0, counts: Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])), receipts: noReceipts() });
    return rows.get(key);
  };
  for (const item of input ?? []) {
    const r = row(item.audience, item.channel);
    if (typeof item.status === 'string') r.counts[item.status] = (r.counts[item.status] ?? 0) + Number(item.count ?? 0);
    else for (const s of DELIVERY_STATUSES) r.counts[s] += Number(item[s] ?? 0);
    if (item.receipts) for (const s of RECEIPT_STATUSES) r.receipts[s] += Number(item.receipts[s] ?? 0);
  }
  const order = { elected: 0, public: 1, media: 2 };
  return [...rows.values()]
    .map((r) => {
      const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
      // Finished for this panel: nothing waits any more (an unknown post waits for a person, not for the worker).
      const done = total - r.counts.queued - r.counts.sending;
      return { ...r, total, done };
    })
    .sort((a, b) => (order[a.audience] ?? 9) - (order[b.audience] ?? 9) || a.channel.localeCompare(b.channel));
}

/** What the providers said later of the accepted ones (SMS delivery reports, email bounces). */
export const RECEIPT_STATUSES = ['delivered', 'bounced', 'expired'];
const noReceipts = () => Object.fromEntries(RECEIPT_STATUSES.map((s) => [s, 0]));

/** Receipts of a live `delivery.changed` ([{audience, channel, receipt, count}]) by row key. */
export function receiptsByKey(list) {
  const out = new Map();
  for (const r of list ?? []) {
    const key = `${r.audience}|${r.channel}`;
    if (!out.has(key)) out.set(key, noReceipts());
    out.get(key)[r.receipt] = Number(r.count ?? 0);
  }
  return out;
}

/** "2 remis sur 4 acceptés (1 rejeté, 1 expiré)": accepted is the provider's acceptance, delivered its later report. */
export function receiptText(row) {
  const { delivered, bounced, expired } = row.receipts ?? noReceipts();
  const others = [bounced ? `${bounced} rejeté${bounced > 1 ? 's' : ''}` : '', expired ? `${expired} expiré${expired > 1 ? 's' : ''}` : ''].filter(Boolean);
  return `${delivered} remis sur ${row.counts.sent} accepté${row.counts.sent > 1 ? 's' : ''}${others.length ? ` (${others.join(', ')})` : ''}`;
}

/** "3 envoyés, 1 échec sur 5" — what a screen reader says for one row. */
export function progressText(row) {
  const parts = DELIVERY_STATUSES.filter((s) => row.counts[s] > 0).map((s) => `${row.counts[s]} ${row.counts[s] === 1 ? ONE[s] : STATUS_LABELS[s]}`);
  return `${parts.join(', ') || 'aucun envoi'} sur ${row.total}`;
}

/** Percentages of the bar, one per status, summing to 100 (0 when empty). */
export function barWidths(row) {
  if (!row.total) return Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0]));
  return Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, (row.counts[s] / row.total) * 100]));
}

/** One line of statistics under a rendered text: characters, X weighted length, SMS parts. */
export function renderingStats(channel, part, stats) {
  if (!stats) return '';
  const out = [`${stats.length} caractère${stats.length > 1 ? 's' : ''}`];
  if (stats.x) out.push(`longueur pondérée X ${stats.x.weightedLength} / 280${stats.x.valid ? '' : ' — trop long'}`);
  if (stats.sms) out.push(`${stats.sms.segments} SMS (${stats.sms.encoding === 'UCS-2' ? 'UCS-2 : caractères hors alphabet SMS' : 'GSM-7'}, ${stats.sms.perSegment} par SMS)`);
  return out.join(' · ');
}
