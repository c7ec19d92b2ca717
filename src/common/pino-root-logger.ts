import { dirname, join } from 'node:path';
import type { Params } from 'nestjs-pino';

interface RootLogger {
  resetRootLogger?: () => void;
  ensureRootLogger?: (pinoHttp: Params['pinoHttp']) => unknown;
}

/**
 * nestjs-pino 5.2 keeps one pino-http instance per process (its `rootLogger.js`), built from the settings of the
 * first application created in it; every later one would write with that first application's level and to its
 * stream. The server runs one application per process, but the tests run many in turn in one worker process.
 * This replaces the instance with one built from the new application's settings, in one step: Nest's static
 * `Logger` may still log through the previous application meanwhile, and must find an instance. The functions are
 * not in the package's exports, hence the path; in another layout nothing is done (one logger per process, as before).
 */
export function usePinoRootLogger(params: Params): void {
  let rootLogger: RootLogger;
  try {
    rootLogger = require(join(dirname(require.resolve('nestjs-pino')), 'rootLogger.js')) as RootLogger;
  } catch {
    return;
  }
  if (!rootLogger.resetRootLogger || !rootLogger.ensureRootLogger) return;
  rootLogger.resetRootLogger();
  rootLogger.ensureRootLogger(params.pinoHttp);
}
