import type { SendOutcome } from './channel-adapter.types';
import { clip, retryAfter, type HttpAnswer, type HttpFailure } from './channel-http';

/** What a network's error answer says, read its own way: the words, whether it throttles (and until when), an error code. */
export interface ProviderSays {
  said: string;
  /** Set when the answer is a throttling: how the reason names it ("rate limit", "throttling (code 4)"). */
  throttledAs?: string;
  retryAt?: Date;
  /** Shown after the status of a refusal: " (code 190)". */
  code?: string;
}

/**
 * What an answer without a post becomes, the same for every public post channel. `mayBePublished`:
 * the call is the one that publishes (a status, a record, media_publish); a preparatory call (an
 * upload, a container) published nothing, so its failures are only worth a new attempt. On the
 * publishing call, a timeout or a 5xx is `unknown`: retries after 5xx have produced duplicate posts,
 * so the marker is looked for first.
 */
export function postFailure(network: string, answer: HttpAnswer | HttpFailure, mayBePublished: boolean, read: (a: HttpAnswer) => ProviderSays): SendOutcome {
  if (!answer.ok) {
    if (answer.failure === 'refused' || !mayBePublished) return { kind: 'temporary', reason: `${network} unreachable: ${answer.reason}` };
    return { kind: 'unknown', reason: `${network}: ${answer.reason}; the post may be published` };
  }
  const p = read(answer);
  if (p.throttledAs) return { kind: 'temporary', reason: `${network} ${p.throttledAs}: ${p.said}`, retryAt: p.retryAt };
  if (answer.status >= 500) {
    return mayBePublished
      ? { kind: 'unknown', reason: `${network} answered ${answer.status}: the post may be published (${p.said})` }
      : { kind: 'temporary', reason: `${network} answered ${answer.status} before publishing: ${p.said}` };
  }
  if (answer.status >= 200 && answer.status < 300) return { kind: mayBePublished ? 'unknown' : 'temporary', reason: `${network} answered ${answer.status} without an id: ${p.said}` };
  return { kind: 'permanent', reason: `${network} answered ${answer.status}${p.code ?? ''}: ${p.said}` };
}

/** Graph API throttling: application, user, page and "too many calls to this Page" limits (Facebook and Instagram). */
export const THROTTLING_CODES = new Set([4, 17, 32, 613, 80001]);

export interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number };
}

/** The Graph API's error body (Facebook, Instagram): throttling by code, the wait in its usage header. */
export function graphSays(a: HttpAnswer): ProviderSays {
  const error = (a.json as GraphError | undefined)?.error;
  const throttled = a.status === 429 || (error?.code !== undefined && THROTTLING_CODES.has(error.code));
  return {
    said: clip(error?.message ?? a.text),
    throttledAs: throttled ? `throttling (code ${error?.code ?? a.status})` : undefined,
    retryAt: throttled ? (retryAfter(a.headers) ?? regainAccess(a.headers)) : undefined,
    code: error?.code !== undefined ? ` (code ${error.code})` : undefined,
  };
}

/**
 * The Graph API tells a throttled caller how long to wait in `X-Business-Use-Case-Usage`
 * (`estimated_time_to_regain_access`, minutes, per business object): the longest wait, if any.
 */
export function regainAccess(headers: Headers, now = Date.now()): Date | undefined {
  try {
    const usage = JSON.parse(headers.get('x-business-use-case-usage') ?? '{}') as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Math.max(0, ...Object.values(usage).flatMap((entries) => entries.map((e) => Number(e.estimated_time_to_regain_access) || 0)));
    return minutes > 0 ? new Date(now + minutes * 60_000) : undefined;
  } catch {
    return undefined;
  }
}
