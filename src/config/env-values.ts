import { z } from 'zod';

/** Value types shared by every group of environment variables. */
export const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' }).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(z.number().min(min, `expected a whole number between ${min} and ${max}`).max(max, `expected a whole number between ${min} and ${max}`));
