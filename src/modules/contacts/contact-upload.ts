import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, badRequest } from '../../common/app-error';
import { readRawBody } from '../../common/raw-body';

/** A few MB is a department's worth of contacts (the Vosges sample is 6 kB for 54 lines). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const tooLarge = () => new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'contacts_csv_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into several files.`);

/**
 * The CSV of an import: the raw request body (text/csv or any type the JSON and
 * form parsers leave alone), or the `file` field of a multipart form, which
 * multer has already read.
 */
export async function readUploadedCsv(req: Request & { file?: { buffer: Buffer } }): Promise<Buffer> {
  if (req.file) return req.file.buffer;
  if (req.is('multipart/form-data')) throw badRequest('contacts_csv_missing', 'The form has no "file" field: send the CSV file in a field named file.');
  const body = await readRawBody(req, {
    maxBytes: MAX_IMPORT_BYTES,
    // The JSON or form parser has read it: the body was not a file.
    wrongType: () =>
      new AppError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'contacts_csv_content_type',
        `Send the CSV file itself as the body, with Content-Type: text/csv (received ${req.headers['content-type'] ?? 'no type'}).`,
      ),
    tooLarge,
  });
  if (body.length === 0) throw badRequest('contacts_csv_empty', 'The request has no body: send the CSV file as the body (Content-Type: text/csv) or in a multipart field named file.');
  return body;
}
