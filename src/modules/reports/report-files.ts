import type { Response } from 'express';

/** `Feu de forêt — Vologne` → `feu-de-foret-vologne`: a file name every system keeps as is. */
export function fileSlug(title: string): string {
  const ascii = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return (
    ascii
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'evenement'
  );
}

/** Sends a downloaded file: its type, its name (ASCII, no quote or path character can reach the header), no caching. */
export function sendFile(res: Response, body: Buffer | string, type: string, fileName: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
}
