import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';
import { REDACTED } from './redact';

/** Paths pino blanks in every line: credentials must never reach a log file. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.accessToken',
  '*.accessSecret',
  '*.appKey',
  '*.appSecret',
  '*.consumerKey',
  '*.pageToken',
  '*.pass',
  'password',
  'token',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function loggerParams(config: AppConfig, stream?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
        // A caller's X-Request-Id is kept (so a proxy's id follows the request); otherwise a new one.
        genReqId: (req: IncomingMessage, res) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        customProps: () => ({ service: 'crisis-comms' }),
        serializers: {
          req: (req: { id: string; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
            id: req.id,
            method: req.method,
            // Query strings can carry acknowledgement tokens: log the path only. The cell's
            // acknowledgement links carry theirs in the path: it is blanked too.
            url: req.url?.split('?')[0].replace(/^\/cell\/ack\/[^/]+/, `/cell/ack/${REDACTED}`),
            remoteAddress: req.remoteAddress,
            headers: { authorization: req.headers.authorization, cookie: req.headers.cookie, 'user-agent': req.headers['user-agent'] },
          }),
        },
      },
      stream as DestinationStream,
    ],
    forRoutes: ['*path'],
  };
}
