import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from './app-error';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

/** Every error leaves as `{ statusCode, error, message, details? }`; a 500 never leaks internals. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof AppError) {
      res.status(exception.status).json({ statusCode: exception.status, error: exception.code, message: exception.message, details: exception.details });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      let message = exception.message;
      if (typeof body === 'object' && body && 'message' in body) {
        const m = (body as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      if (status === 404 && message.startsWith('Cannot ')) message = 'No such route or resource.';
      if (status === 400 && /JSON/i.test(message) && /position|Unexpected|token/i.test(message)) message = 'The request body is not valid JSON.';
      res.status(status).json({ statusCode: status, error: STATUS_CODES[status] ?? 'error', message });
      return;
    }
    this.logger.error({ err: exception }, 'Unhandled error');
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      statusCode: 500,
      error: 'internal_error',
      message: 'Something went wrong on the server; nothing was changed by this request. The error is in the server log.',
    });
  }
}
