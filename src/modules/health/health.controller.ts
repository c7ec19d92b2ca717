import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DATABASE_HANDLE, DatabaseHandle } from '../../database/database-handle';
import { Public } from '../../access';
import { ChannelCredentialsService } from '../channels/channel-credentials.service';
import { ChannelStatusService } from '../channels/channel-status.service';
import { CellRosterService } from '../cell/cell-roster.service';
import { HealthStore } from './health.store';

/** A health check answers within this, whatever the database does: a probe that hangs is worse than a 503. */
const DATABASE_DEADLINE_MS = 3_000;

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly store: HealthStore,
    @Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle,
    private readonly channels: ChannelStatusService,
    private readonly credentials: ChannelCredentialsService,
    private readonly cellRoster: CellRosterService,
  ) {}

  /**
   * 200 when the database answers, 503 otherwise: what a load balancer or a supervisor needs.
   * `channels` says which are live and which are in sandbox mode (hosts only, never a credential), and what
   * the last credential check found. A refused credential is a `warnings` entry, never a 503: the server is fine.
   */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const channels = channelsWithCredentials(this.channels, this.credentials);
    const warnings = this.credentials.warnings();
    const started = performance.now();
    try {
      const now = await withDeadline(this.store.now(), DATABASE_DEADLINE_MS);
      return {
        status: 'ok',
        time: now.toISOString(),
        database: { status: 'up', mode: this.db.mode, latencyMs: Math.round((performance.now() - started) * 10) / 10 },
        channels,
        cell: await cellCoverage(this.cellRoster),
        warnings,
      };
    } catch (e) {
      res.status(503);
      return { status: 'degraded', database: { status: 'down', mode: this.db.mode, error: (e as Error).message }, channels, warnings };
    }
  }
}

// Outside the class: every method of a controller is a route and must declare its roles.
function channelsWithCredentials(channels: ChannelStatusService, credentials: ChannelCredentialsService) {
  return channels.statuses().map((s) => {
    if (s.channel === 'webhook' || s.channel === 'public_page') return s;
    const live = s.mode === 'live' ? credentials.result(s.channel, 'live') : undefined;
    const exercise = s.exerciseMode === 'live' ? credentials.result(s.channel, 'exercise') : undefined;
    const secondary = s.providers ? credentials.result(s.channel, 'secondary') : undefined;
    return { ...s, ...(live ? { credentials: live } : {}), ...(exercise ? { exerciseCredentials: exercise } : {}), ...(secondary ? { secondaryCredentials: secondary } : {}) };
  });
}

/** The promise's result, or an error once `ms` have passed (a silent network keeps a query pending for minutes). */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms / 1000} s`)), ms);
  });
  // The query may still fail after the deadline: that late failure is expected, not unhandled.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Roster gaps are a warning to people, never a reason to take the server out of a load balancer. */
async function cellCoverage(roster: CellRosterService) {
  try {
    return await roster.healthSummary();
  } catch (e) {
    return { status: 'unknown', error: (e as Error).message };
  }
}
