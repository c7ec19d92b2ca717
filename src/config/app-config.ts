import { z } from 'zod';
import { bool, int } from './env-values';
import { messagingConfig, MessagingConfig, messagingEnvShape } from './messaging-config';
import { channelEnvShape, channelsConfig, ChannelsConfig, incompleteChannel } from './channels-config';
import { cellConfig, CellConfig, cellEnvShape } from './cell-config';
import { exercisesConfig, ExercisesConfig, exercisesEnvShape } from './exercises-config';
import { OidcConfig, oidcConfig, oidcEnvShape } from './oidc-config';

/**
 * Every environment variable the product reads, with its default. The schema is
 * the single source of truth: `.env.example` documents the same list.
 */
export const envSchema = z.object({
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { message: 'expected a PostgreSQL URL such as postgres://user@127.0.0.1:5432/crisis' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: int(1, 100).optional(),
  ADMIN_PASSWORD: z.string().min(12, { message: 'expected at least 12 characters' }).optional(),
  SESSION_TTL_HOURS: int(1, 720).default(12),
  COOKIE_SECURE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  LOGIN_MAX_FAILURES_PER_USER: int(1, 1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: int(1, 10000).default(20),
  LOGIN_FAILURE_WINDOW_MINUTES: int(1, 1440).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  CLOCK_C1_MINUTES: int(1, 1440).default(60),
  CLOCK_C2_MINUTES: int(1, 1440).default(60),
  CLOCK_C4_MINUTES: int(1, 1440).default(60),
  CLOCK_WARNING_LEAD_MINUTES: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, { message: 'expected minutes before the due time, separated by commas, such as 15,5' })
    .transform((v) =>
      v
        .split(',')
        .map((x) => Number(x.trim()))
        .filter((x) => x > 0),
    )
    .default([15, 5]),
  RETROACTIVE_REASON_AFTER_MINUTES: int(0, 1440).default(5),
  DECISION_FUTURE_TOLERANCE_SECONDS: int(0, 3600).default(60),
  TIMER_SWEEP_SECONDS: int(1, 3600).default(30),
  LIVE_SESSION_CHECK_SECONDS: int(1, 3600).default(30),
  // Unset: this machine on PORT, so that the links the product sends (cell pages, the public page) work where it runs.
  PUBLIC_BASE_URL: z.url({ message: 'expected an absolute URL such as https://crise.vosges.gouv.fr' }).optional(),
  ...channelEnvShape,
  ...messagingEnvShape,
  ...cellEnvShape,
  ...exercisesEnvShape,
  ...oidcEnvShape,
});

export type AppConfig = {
  port: number;
  host: string;
  database: { url?: string; dataDir: string; poolSize: number };
  adminPassword?: string;
  sessionTtlHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  loginLimits: { perUser: number; perAddress: number; windowMinutes: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  clocks: {
    durationMinutes: { C1: number; 'C2-elected': number; 'C2-public': number; 'C2-media': number; C4: number };
    warningLeadMinutes: number[];
    retroactiveWithoutReasonMinutes: number;
    futureToleranceSeconds: number;
    sweepSeconds: number;
  };
  live: { sessionCheckSeconds: number };
  publicBaseUrl: string;
  channels: ChannelsConfig;
  messaging: MessagingConfig;
  cell: CellConfig;
  exercises: ExercisesConfig;
  /** The identity federation, or null when only local accounts sign in. */
  oidc: OidcConfig | null;
  /** `admin`: local passwords only for the break-glass admin, everyone else through the federation. */
  localLogin: 'all' | 'admin';
};

export class ConfigError extends Error {}

/** Blank values count as unset: `PORT=` in a .env file means "use the default". */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}

/**
 * Reads and validates the environment. Throws a ConfigError whose message is one
 * line naming the variable and what it expects, never the value of a secret.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid environment variable ${name}: ${issue.message}`);
  }
  const e = { ...parsed.data, PUBLIC_BASE_URL: parsed.data.PUBLIC_BASE_URL ?? `http://localhost:${parsed.data.PORT}` };
  const incomplete = incompleteChannel(e);
  if (incomplete) throw new ConfigError(`Invalid environment variable ${incomplete[0]}: ${incomplete[1]}`);
  const federation = oidcConfig(e);
  if (!federation.ok) throw new ConfigError(`Invalid environment variable ${federation.variable}: ${federation.message}`);
  return {
    port: e.PORT,
    host: e.HOST,
    database: {
      url: e.DATABASE_URL,
      dataDir: e.DATA_DIR,
      // PGlite is a single session behind a queue: a big pool only adds waiting.
      poolSize: e.DB_POOL_SIZE ?? (e.DATABASE_URL ? 10 : 4),
    },
    adminPassword: e.ADMIN_PASSWORD,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    loginLimits: {
      perUser: e.LOGIN_MAX_FAILURES_PER_USER,
      perAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMinutes: e.LOGIN_FAILURE_WINDOW_MINUTES,
    },
    logLevel: e.LOG_LEVEL,
    clocks: {
      durationMinutes: { C1: e.CLOCK_C1_MINUTES, 'C2-elected': e.CLOCK_C2_MINUTES, 'C2-public': e.CLOCK_C2_MINUTES, 'C2-media': e.CLOCK_C2_MINUTES, C4: e.CLOCK_C4_MINUTES },
      warningLeadMinutes: e.CLOCK_WARNING_LEAD_MINUTES,
      retroactiveWithoutReasonMinutes: e.RETROACTIVE_REASON_AFTER_MINUTES,
      futureToleranceSeconds: e.DECISION_FUTURE_TOLERANCE_SECONDS,
      sweepSeconds: e.TIMER_SWEEP_SECONDS,
    },
    live: { sessionCheckSeconds: e.LIVE_SESSION_CHECK_SECONDS },
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    channels: channelsConfig(e),
    messaging: messagingConfig(e),
    cell: cellConfig(e),
    exercises: exercisesConfig(e),
    oidc: federation.oidc,
    localLogin: federation.localLogin,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
