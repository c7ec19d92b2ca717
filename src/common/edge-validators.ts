import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, IsInt, isISO8601, Max, Min, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { badRequest } from './app-error';

/**
 * An absent field skips its checks; a null one does not. class-validator's
 * IsOptional lets null through as if absent, and a PATCH with
 * {"displayName": null} then reached a NOT NULL column as a 500.
 */
export const Optional = () => ValidateIf((_o, v) => v !== undefined);

/** For the fields where null means "clear it" (a contact's email in a PATCH). */
export const OptionalOrNull = () => ValidateIf((_o, v) => v !== undefined && v !== null);

// RFC 3339: a calendar date, a time and an offset. ISO 8601 also allows week dates
// (2026-W48-3) and ordinal dates (2026-332) that Date cannot read: one form at the edge.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** True for a date and time that this API reads the same everywhere: RFC 3339 with an offset, a real calendar day. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value) && isISO8601(value, { strict: true }) && !Number.isNaN(Date.parse(value));
}

/** A date and time with its offset, such as 2026-11-28T02:10:00+01:00. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: () => '$property must be a date and time such as 2026-11-28T02:10:00+01:00' } }, options);
}

// Plain digits, at most 15: always a safe integer, never "1e3", "0x10" or " 12".
const WHOLE = /^-?\d{1,15}$/;

/**
 * A whole number from a query string, within bounds, or a 400 that names the
 * parameter. `Number()` alone takes "1e400" as Infinity and "99999999999999999999999"
 * as a float that PostgreSQL's bigint refuses.
 */
export function wholeNumberParam(value: string | undefined, name: string, bounds: { min: number; max: number }): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = WHOLE.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < bounds.min || n > bounds.max) {
    throw badRequest('invalid_number', `${name} must be a whole number between ${bounds.min} and ${bounds.max}, got "${value.slice(0, 40)}".`);
  }
  return n;
}

/**
 * A whole number from a query string or a body, within bounds. Plain digits
 * only: "1e3", "0x10", " 12" and "99999999999999999999999" (a float past
 * 2^53 that Number.isInteger still calls whole) are refused with `message`.
 */
export function WholeNumber(min: number, max: number, message: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && WHOLE.test(value) ? Number(value) : value)),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  );
}

/** A date and time from a query string, read the one way this API reads them (isInstant), as a Date. */
export function InstantParam(message: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (isInstant(value) ? new Date(value) : value)),
    IsDate({ message }),
  );
}
