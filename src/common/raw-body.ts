import type { Request } from 'express';
import type { AppError } from './app-error';

/** How one upload route refuses a body it cannot take, each in its own words. */
export interface RawBodyRules {
  maxBytes: number;
  /** The JSON or form parser has read the body already: it was sent with another Content-Type. */
  wrongType: () => AppError;
  tooLarge: () => AppError;
}

/**
 * The raw request body of a type no parser reads (a CSV file, a bounce as
 * message/rfc822), at most `maxBytes`: refused from its declared length when
 * it says so, otherwise as soon as the bytes read pass the limit.
 */
export async function readRawBody(req: Request, rules: RawBodyRules): Promise<Buffer> {
  if (req.readableEnded) throw rules.wrongType();
  if (Number(req.headers['content-length']) > rules.maxBytes) throw rules.tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > rules.maxBytes) throw rules.tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
