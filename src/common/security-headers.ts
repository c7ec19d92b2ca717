import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

// The API answers JSON and files: nothing in it may run or be framed. The console
// and the public page set their own, stricter-than-default policies on their responses.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// Swagger UI is the one page that needs inline script and style.
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/** helmet's headers on every response, HSTS only behind HTTPS, and a CSP for what sets none of its own. */
export function securityHeaders(opts: { https: boolean }): RequestHandler[] {
  return [
    helmet({ contentSecurityPolicy: false, strictTransportSecurity: opts.https ? { maxAge: 31_536_000 } : false }),
    (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Content-Security-Policy', req.path.startsWith('/api/docs') ? DOCS_CSP : API_CSP);
      next();
    },
  ];
}
