import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CheckedAccount, CheckedChannel, credentialChange, CredentialCheck, CredentialVerdict, refusedCredentialWarning } from '../../domain/channels/credential-check.policy';
import { AuditService } from '../audit/audit.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import type { ChannelAdapter } from './channel-adapter.types';
import { ChannelsService } from './channels.service';

/** The first check comes this soon after boot (or after one period, if shorter). */
const FIRST_CHECK_MS = 10_000;
const LOOP = 'channel-credentials-check';

export interface CredentialWarning {
  code: 'channel_credentials_refused';
  channel: CheckedChannel;
  account: CheckedAccount;
  message: string;
}

interface Kept {
  last: CredentialCheck;
  /** The last ok-or-refused answer: an unreachable provider says nothing of the credential. */
  decisive?: 'ok' | 'refused';
}

const key = (channel: CheckedChannel, account: CheckedAccount) => `${channel}:${account}`;

/**
 * A periodic check of every live channel's credential (CHANNEL_CHECK_MINUTES):
 * a refused token is seen in /api/health and on the console before the next
 * crisis, not in the middle of it. Nothing is ever sent or posted. Results are
 * kept in memory per process; a change of state is logged once and audited once.
 */
@Injectable()
export class ChannelCredentialsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChannelCredentialsService.name);
  private readonly results = new Map<string, Kept>();
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly channels: ChannelsService,
    private readonly audit: AuditService,
    private readonly loops: BackgroundLoops,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const period = this.config.channels.checkIntervalMs;
    if (period === 0 || this.channels.credentialAccounts().length === 0) return;
    // Every instance checks: the results are this process's, shown by its own /api/health.
    this.loops.register({ name: LOOP, periodMs: period, firstDelayMs: Math.min(FIRST_CHECK_MS, period), tick: () => this.checkAll() });
  }

  /** The loop is stopped by the scheduler; a check started by hand is awaited here. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** The last check of an account, if one ran. */
  result(channel: CheckedChannel, account: CheckedAccount): CredentialCheck | undefined {
    return this.results.get(key(channel, account))?.last;
  }

  /** One sentence per refused credential, for the console and /api/health. */
  warnings(): CredentialWarning[] {
    return this.channels
      .credentialAccounts()
      .filter((a) => this.result(a.channel, a.account)?.status === 'refused')
      .map((a) => ({ code: 'channel_credentials_refused', channel: a.channel, account: a.account, message: refusedCredentialWarning(a.channel, a.account) }));
  }

  /** Checks every account at once (a run already under way is joined, not doubled). Never throws. */
  checkAll(): Promise<void> {
    this.running ??= Promise.all(this.channels.credentialAccounts().map((a) => this.checkOne(a.channel, a.account, a.adapter)))
      .then(() => undefined)
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkOne(channel: CheckedChannel, account: CheckedAccount, adapter: ChannelAdapter): Promise<void> {
    let verdict: CredentialVerdict;
    try {
      verdict = await adapter.checkCredentials!();
    } catch (e) {
      verdict = { status: 'unreachable', reason: `check failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (this.stopped) return;
    // The process clock: an observation time, compared with nothing, that must be stamped while the database is down too.
    const check: CredentialCheck = { ...verdict, checkedAt: new Date() };
    const kept = this.results.get(key(channel, account));
    const change = credentialChange(kept?.last, verdict, kept?.decisive);
    const decisive = verdict.status === 'unreachable' ? kept?.decisive : verdict.status;
    this.results.set(key(channel, account), { last: check, decisive });
    if (change) await this.report(change, channel, account, check);
  }

  private async report(change: 'ok' | 'refused' | 'unreachable', channel: CheckedChannel, account: CheckedAccount, check: CredentialCheck): Promise<void> {
    const fields = { channel, account, status: check.status, reason: check.reason };
    if (change === 'unreachable') return void this.logger.warn(fields, `channel ${channel} (${account}): credential check could not reach the provider`);
    if (change === 'refused') this.logger.warn(fields, `channel ${channel} (${account}): the provider refuses the credential`);
    else this.logger.log(fields, `channel ${channel} (${account}): the credential is accepted again`);
    try {
      await this.audit.append({ actor: 'system', action: `channel.credentials_${change}`, subjectType: 'channel', subjectId: key(channel, account), payload: fields });
    } catch (e) {
      // The database may be the thing that is down: the state is kept, the log line says it.
      this.logger.error({ err: e, ...fields }, 'credential change could not be written to the audit log');
    }
  }
}
