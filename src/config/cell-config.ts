import { z } from 'zod';
import { bool, int } from './env-values';

/** The emergency communication cell: paging, acknowledgement links, escalation. */
export const cellEnvShape = {
  CELL_ACK_SECRET: z.string().min(32, { message: 'expected at least 32 characters, e.g. the output of `openssl rand -hex 32`' }).optional(),
  CELL_ACK_LINK_HOURS: int(1, 168).default(2),
  CELL_ESCALATION_MINUTES: int(1, 1440).default(10),
  CELL_ESCALATION_ROUNDS: int(0, 20).default(3),
  CELL_REQUIRED_ROLES: z
    .string()
    .regex(/^\s*[a-z][a-z0-9_]{1,39}(\s*,\s*[a-z][a-z0-9_]{1,39})*\s*$/, { message: 'expected cell roles separated by commas, such as chief,writer,social_media,press' })
    .transform((v) => [...new Set(v.split(',').map((r) => r.trim()))])
    .default(['chief', 'writer', 'social_media', 'press']),
  CELL_AUTO_OPERATIONAL: bool.default(true),
  CELL_SWEEP_SECONDS: int(1, 3600).default(30),
  CELL_COVERAGE_DAYS: int(1, 366).default(30),
};

type Env = z.output<z.ZodObject<typeof cellEnvShape>>;

export interface CellConfig {
  /** Never logged, never returned; unset means a key generated once and kept in the database. */
  ackSecret?: string;
  ackLinkHours: number;
  escalationMinutes: number;
  escalationRounds: number;
  requiredRoles: string[];
  autoOperational: boolean;
  sweepSeconds: number;
  coverageDays: number;
}

export function cellConfig(e: Env): CellConfig {
  return {
    ackSecret: e.CELL_ACK_SECRET,
    ackLinkHours: e.CELL_ACK_LINK_HOURS,
    escalationMinutes: e.CELL_ESCALATION_MINUTES,
    escalationRounds: e.CELL_ESCALATION_ROUNDS,
    requiredRoles: e.CELL_REQUIRED_ROLES,
    autoOperational: e.CELL_AUTO_OPERATIONAL,
    sweepSeconds: e.CELL_SWEEP_SECONDS,
    coverageDays: e.CELL_COVERAGE_DAYS,
  };
}
