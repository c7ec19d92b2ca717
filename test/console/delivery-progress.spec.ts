import { barWidths, progressRows, progressText, receiptsByKey, receiptText, renderingStats } from '../../web/console/delivery-progress.js';

describe('delivery progress in the console', () => {
  const summary = [
    { audience: 'public', channel: 'x', total: 1, queued: 0, sending: 0, sent: 0, failed: 0, unknown: 1, sandboxed: 0 },
    { audience: 'elected', channel: 'sms', total: 4, queued: 1, sending: 1, sent: 2, failed: 0, unknown: 0, sandboxed: 0 },
    { audience: 'elected', channel: 'email', total: 5, queued: 0, sending: 0, sent: 3, failed: 1, unknown: 0, sandboxed: 1 },
  ];
  const live = [
    { audience: 'elected', channel: 'email', status: 'sent', count: 3 },
    { audience: 'elected', channel: 'email', status: 'failed', count: 1 },
    { audience: 'elected', channel: 'email', status: 'sandboxed', count: 1 },
    { audience: 'elected', channel: 'sms', status: 'queued', count: 1 },
    { audience: 'elected', channel: 'sms', status: 'sending', count: 1 },
    { audience: 'elected', channel: 'sms', status: 'sent', count: 2 },
    { audience: 'public', channel: 'x', status: 'unknown', count: 1 },
  ];

  it.each([
    ['the summary of GET /api/events/:id/deliveries', summary],
    ['the counts of a live delivery.changed', live],
  ])('reads %s into the same rows, elected first', (_name, input) => {
    const rows = progressRows(input);
    expect(rows.map((r) => [r.key, r.total, r.done])).toEqual([
      ['elected|email', 5, 5],
      ['elected|sms', 4, 2],
      ['public|x', 1, 1],
    ]);
    expect(rows[0].counts).toEqual({ sent: 3, sandboxed: 1, failed: 1, unknown: 0, sending: 0, queued: 0 });
  });

  it.each([
    [{ sent: 4, receipts: { delivered: 2, bounced: 1, expired: 1 } }, '2 remis sur 4 acceptés (1 rejeté, 1 expiré)'],
    [{ sent: 1, receipts: { delivered: 1 } }, '1 remis sur 1 accepté'],
    [{ sent: 3 }, '0 remis sur 3 acceptés'],
  ])('says accepted vs delivered of %p as "%s"', (line, text) => {
    const [row] = progressRows([{ audience: 'elected', channel: 'sms', ...line }]);
    expect(receiptText(row)).toBe(text);
  });

  it('reads the receipts of a live delivery.changed by row', () => {
    const byKey = receiptsByKey([
      { audience: 'elected', channel: 'sms', receipt: 'delivered', count: 3 },
      { audience: 'elected', channel: 'sms', receipt: 'expired', count: 1 },
    ]);
    expect(byKey.get('elected|sms')).toEqual({ delivered: 3, bounced: 0, expired: 1 });
  });

  it.each([
    [{ sent: 3, failed: 1, sandboxed: 1 }, '3 envoyés, 1 simulé, 1 échec sur 5'],
    [{ sent: 1, queued: 2, sending: 1 }, '1 envoyé, 1 en cours, 2 en attente sur 4'],
    [{ unknown: 2 }, '2 incertains sur 2'],
    [{}, 'aucun envoi sur 0'],
  ])('says %p as "%s"', (counts, text) => {
    const [row] = progressRows([{ audience: 'elected', channel: 'email', ...counts }]);
    expect(progressText(row ?? { key: '', audience: '', channel: '', total: 0, done: 0, counts: { sent: 0, sandboxed: 0, failed: 0, unknown: 0, sending: 0, queued: 0 } })).toBe(text);
  });

  it('draws bars that add up to the whole, and nothing for an empty row', () => {
    const [row] = progressRows([{ audience: 'media', channel: 'email', sent: 1, queued: 3 }]);
    expect(barWidths(row)).toEqual({ sent: 25, sandboxed: 0, failed: 0, unknown: 0, sending: 0, queued: 75 });
    expect(Object.values(barWidths({ ...row, total: 0 })).every((w) => w === 0)).toBe(true);
  });

  it.each([
    ['x', 'text', { length: 240, x: { weightedLength: 251, valid: true } }, '240 caractères · longueur pondérée X 251 / 280'],
    ['x', 'text', { length: 290, x: { weightedLength: 301, valid: false } }, '290 caractères · longueur pondérée X 301 / 280 — trop long'],
    ['sms', 'text', { length: 150, sms: { encoding: 'GSM-7', segments: 1, perSegment: 160, units: 150 } }, '150 caractères · 1 SMS (GSM-7, 160 par SMS)'],
    ['sms', 'text', { length: 90, sms: { encoding: 'UCS-2', segments: 2, perSegment: 67, units: 90 } }, '90 caractères · 2 SMS (UCS-2 : caractères hors alphabet SMS, 67 par SMS)'],
    ['email', 'subject', { length: 1 }, '1 caractère'],
    ['email', 'html', undefined, ''],
  ])('describes a %s %s as "%s"', (channel, part, stats, text) => {
    expect(renderingStats(channel, part, stats)).toBe(text);
  });
});
