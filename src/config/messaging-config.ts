import { z } from 'zod';
import { bool, int } from './env-values';

/** Messages, approval and the delivery worker. */
const RATE_PATTERN = /^\s*([a-z_]+\s*=\s*\d+(\.\d+)?)(\s*,\s*[a-z_]+\s*=\s*\d+(\.\d+)?)*\s*$/;

export const messagingEnvShape = {
  TEMPLATES_DIR: z.string().min(1).default('./templates'),
  DEPARTMENT_CODE: z
    .string()
    .regex(/^(\d{2}|2A|2B|97\d)$/, { message: 'expected a department code such as 88, 2A or 974' })
    .default('88'),
  MESSAGE_FOUR_EYES: bool.default(true),
  DELIVERY_WORKER: bool.default(true),
  DELIVERY_BATCH_SIZE: int(1, 5000).default(200),
  DELIVERY_LEASE_SECONDS: int(1, 3600).default(60),
  DELIVERY_POLL_MS: int(10, 60000).default(500),
  DELIVERY_MAX_ATTEMPTS: int(1, 100).default(8),
  DELIVERY_RETRY_BASE_SECONDS: int(1, 3600).default(5),
  DELIVERY_RECONCILE_AFTER_SECONDS: int(0, 3600).default(30),
  DELIVERY_RATE_LIMITS: z.string().regex(RATE_PATTERN, { message: 'expected channel=messages per second pairs separated by commas, such as x=1,facebook=1,sms=50' }).default('x=1,facebook=1'),
};

type Env = { [K in keyof typeof messagingEnvShape]: z.infer<(typeof messagingEnvShape)[K]> };

export interface MessagingConfig {
  templatesDir: string;
  departmentCode: string;
  fourEyes: boolean;
  worker: {
    enabled: boolean;
    batchSize: number;
    leaseSeconds: number;
    pollMs: number;
    maxAttempts: number;
    retryBaseSeconds: number;
    reconcileAfterSeconds: number;
    /** Messages per second per channel; absent = as fast as the provider takes them. */
    rateLimits: Record<string, number>;
  };
}

export function messagingConfig(e: Env): MessagingConfig {
  const rateLimits: Record<string, number> = {};
  for (const pair of e.DELIVERY_RATE_LIMITS.split(',')) {
    const [channel, rate] = pair.split('=').map((s) => s.trim());
    rateLimits[channel] = Number(rate);
  }
  return {
    templatesDir: e.TEMPLATES_DIR,
    departmentCode: e.DEPARTMENT_CODE,
    fourEyes: e.MESSAGE_FOUR_EYES,
    worker: {
      enabled: e.DELIVERY_WORKER,
      batchSize: e.DELIVERY_BATCH_SIZE,
      leaseSeconds: e.DELIVERY_LEASE_SECONDS,
      pollMs: e.DELIVERY_POLL_MS,
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      retryBaseSeconds: e.DELIVERY_RETRY_BASE_SECONDS,
      reconcileAfterSeconds: e.DELIVERY_RECONCILE_AFTER_SECONDS,
      rateLimits,
    },
  };
}
