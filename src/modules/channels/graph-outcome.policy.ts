import type { SendOutcome } from './channel-adapter.types';
import { clip, retryAfter, type HttpAnswer, type HttpFailure } from './channel-http';

/** Graph API throttling: application, user, page and "too many calls to this Page" limits (Facebook and Instagram). */
export const THROTTLING_CODES = new Set([4, 17, 32, 613, 80001]);

export interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number };
}

/**
 * What a Graph API answer that published nothing certain becomes, for a post that may have been
 * published (`mayBePublished`: the call that publishes) or not (a preparatory call: an upload, a container).
 * A 5xx on the publishing call is `unknown`: retries after 5xx have produced duplicate posts.
 */
export function graphFailure(network: string, answer: HttpAnswer | HttpFailure, mayBePublished: boolean): SendOutcome {
  if (!answer.ok) {
    if (answer.failure === 'refused' || !mayBePublished) return { kind: 'temporary', reason: `${network} unreachable: ${answer.reason}` };
    return { kind: 'unknown', reason: `${network}: ${answer.reason}; the post may be published` };
  }
  const error = (answer.json as GraphError | undefined)?.error;
  const said = clip(error?.message ?? answer.text);
  if (answer.status === 429 || (error?.code !== undefined && THROTTLING_CODES.has(error.code))) {
    return { kind: 'temporary', reason: `${network} throttling (code ${error?.code ?? answer.status}): ${said}`, retryAt: retryAfter(answer.headers) ?? regainAccess(answer.headers) };
  }
  if (answer.status >= 500) {
    return mayBePublished
      ? { kind: 'unknown', reason: `${network} answered ${answer.status}: the post may be published (${said})` }
      : { kind: 'temporary', reason: `${network} answered ${answer.status} before publishing: ${said}` };
  }
  if (answer.status >= 200 && answer.status < 300) {
    return mayBePublished
      ? { kind: 'unknown', reason: `${network} answered ${answer.status} without a post id: ${said}` }
      : { kind: 'temporary', reason: `${network} answered ${answer.status} without an id: ${said}` };
  }
  return { kind: 'permanent', reason: `${network} answered ${answer.status}${error?.code !== undefined ? ` (code ${error.code})` : ''}: ${said}` };
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
