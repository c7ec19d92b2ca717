/**
 * A write carried by the session cookie must come from the console's own
 * pages. SameSite=Strict already keeps the cookie off cross-site requests in
 * today's browsers; this is the second lock for older ones and for a sibling
 * site: the browser's own Origin (or Sec-Fetch-Site) header says where the
 * request was made. A request without either header is not from a browser
 * page (curl, a script) and carries no ambient authority to abuse.
 */
export interface WriteOrigin {
  method: string;
  /** The session came from the cookie, not from an Authorization header. */
  viaCookie: boolean;
  origin?: string;
  secFetchSite?: string;
  /** scheme://host[:port] of the request as the server sees it. */
  self: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteWrite(r: WriteOrigin): boolean {
  if (!r.viaCookie || SAFE.has(r.method.toUpperCase())) return false;
  if (r.secFetchSite && r.secFetchSite !== 'same-origin' && r.secFetchSite !== 'none') return true;
  if (r.origin === undefined) return false;
  return r.origin.toLowerCase() !== r.self.toLowerCase();
}
