import type { NextFunction, Request, Response } from 'express';
import { describeInputProblem, findInputProblem, InputProblem } from './edge-input';

function pathProblem(req: Request): InputProblem | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return { path: 'the address', problem: 'surrogate' };
  }
  return findInputProblem(decoded, 'the address');
}

/**
 * Runs after the body parsers and before every route: one place for the
 * text PostgreSQL cannot store and for absurd nesting (src/common/edge-input.ts).
 * It answers itself, in the shape of the exception filter, because Express
 * middleware sits outside Nest's filters.
 */
export function edgeInputMiddleware(req: Request, res: Response, next: NextFunction): void {
  const problem = pathProblem(req) ?? findInputProblem(req.query, '') ?? findInputProblem(req.body, '');
  if (!problem) return next();
  res.status(400).json({ statusCode: 400, error: 'bad_request', message: describeInputProblem(problem) });
}
