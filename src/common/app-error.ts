import { HttpStatus } from '@nestjs/common';

/**
 * A refusal the person at the keyboard can act on. `code` is stable for clients,
 * `message` is the sentence they read. One filter maps these to HTTP.
 */
export class AppError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(HttpStatus.BAD_REQUEST, code, message, details);
export const notFound = (code: string, message: string) => new AppError(HttpStatus.NOT_FOUND, code, message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(HttpStatus.CONFLICT, code, message, details);
export const forbidden = (code: string, message: string) => new AppError(HttpStatus.FORBIDDEN, code, message);
export const unauthorized = (code: string, message: string) => new AppError(HttpStatus.UNAUTHORIZED, code, message);
export const unprocessable = (code: string, message: string, details?: unknown) => new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
