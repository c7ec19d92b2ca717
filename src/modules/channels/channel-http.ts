/**
 * One HTTP call to a provider, bounded by CHANNEL_TIMEOUT_SECONDS, with the
 * one distinction the callers need: could the provider have received it?
 */
export interface HttpAnswer {
  ok: true;
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface HttpFailure {
  ok: false;
  /**
   * - `refused`: no connection was made (refused, unknown host): nothing reached the provider.
   * - `timeout`: no answer in time: the provider may have acted on it.
   * - `broken`: the connection failed midway: the provider may have acted on it.
   */
  failure: 'refused' | 'timeout' | 'broken';
  reason: string;
}

/** Socket error codes that mean no connection was made: nothing reached the provider. */
export const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export async function httpCall(url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer | HttpFailure> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { ok: true, status: res.status, headers: res.headers, text, json };
  } catch (e) {
    return describeFailure(e, timeoutMs, signal.aborted);
  }
}

function describeFailure(e: unknown, timeoutMs: number, timedOut: boolean): HttpFailure {
  // Duck-typed, not `instanceof Error`: fetch's errors may come from another realm (Jest's sandbox).
  const err = (e ?? {}) as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (timedOut || err.name === 'TimeoutError' || err.name === 'AbortError') {
    return { ok: false, failure: 'timeout', reason: `no answer within ${timeoutMs / 1000} s` };
  }
  const code = err.cause?.code ?? err.code;
  const detail = code ?? err.cause?.message ?? err.message ?? String(e);
  if (code && NOT_CONNECTED.has(code)) return { ok: false, failure: 'refused', reason: `connection failed (${detail})` };
  return { ok: false, failure: 'broken', reason: `connection lost (${detail})` };
}

/** The host (and port) of a URL: what a status page may show, never a path or a credential. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid address';
  }
}

/** Provider messages end up in delivery rows and screens: keep them short. */
export function clip(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** `Retry-After` as seconds or an HTTP date, if the provider sent one. */
export function retryAfter(headers: Headers, now = Date.now()): Date | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return new Date(now + Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** The card as a file part of a multipart body (Facebook photos, Mastodon media). */
export function pngFile(png: Buffer, name = 'bulletin.png'): Blob & { name?: string } {
  return new File([new Uint8Array(png)], name, { type: 'image/png' });
}
