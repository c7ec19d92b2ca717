import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { LoopLockStore } from './loop-lock.store';

// setTimeout cannot wait longer (≈ 24.8 days): a longer timeout is re-armed by its owner's sweep.
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface BackgroundLoop {
  /** Names the loop in the error log and keys its advisory lock. */
  name: string;
  /** Wait between the end of one tick and the start of the next. */
  periodMs: number;
  /** Wait before the first tick (default: one period). */
  firstDelayMs?: number;
  /** One pass. It may return the wait before the next tick (ms), in place of the period. */
  tick: () => Promise<number | void>;
  /**
   * One instance at a time: each tick first tries a transaction-scoped
   * advisory lock keyed by the loop's name and skips the pass if another
   * instance holds it. Only for a loop whose pass is not already safe to run
   * twice at once (conditional updates, SKIP LOCKED, per-process state are).
   */
  onceAcrossInstances?: boolean;
}

interface LoopState {
  loop: BackgroundLoop;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  /** A wake came while a tick ran: the next tick starts as soon as this one ends. */
  wokenDuringTick: boolean;
}

/**
 * The one place where this process's background work is scheduled: periodic
 * loops (no two ticks of one loop overlap, an early wake-up, a common error
 * log line naming the loop, an optional once-across-instances lock) and the
 * one-shot timeouts of durable deadlines (one per row, re-armed from the rows
 * by their owners). On module destroy everything is stopped and a running
 * tick is awaited, so no pass is cut off before the pool closes.
 */
@Injectable()
export class BackgroundLoops implements OnModuleDestroy {
  private readonly logger = new Logger(BackgroundLoops.name);
  private readonly loops = new Map<string, LoopState>();
  private readonly timeouts = new Map<string, { handle: NodeJS.Timeout; running?: Promise<void> }>();
  private readonly firing = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly locks: LoopLockStore) {}

  register(loop: BackgroundLoop): void {
    if (this.stopped) return;
    if (this.loops.has(loop.name)) throw new Error(`background loop ${loop.name} is already registered`);
    const state: LoopState = { loop, wokenDuringTick: false };
    this.loops.set(loop.name, state);
    this.schedule(state, loop.firstDelayMs ?? loop.periodMs);
  }

  /** The next tick of the loop starts now (or right after the running one). */
  wake(name: string): void {
    const state = this.loops.get(name);
    if (!state || this.stopped) return;
    if (state.running) state.wokenDuringTick = true;
    else this.schedule(state, 0);
  }

  /** Runs a tick now and resolves when it has ended (joins a running tick, then runs a fresh one). */
  async tickNow(name: string): Promise<void> {
    const state = this.loops.get(name);
    if (!state) throw new Error(`no background loop named ${name}`);
    await state.running;
    if (this.stopped) return;
    clearTimeout(state.timer);
    await this.start(state);
  }

  /** A one-shot timeout under a key (a second one under the same key replaces the first). */
  setTimeout(key: string, delayMs: number, fire: () => Promise<unknown>): void {
    if (this.stopped) return;
    this.clearTimeout(key);
    const handle = setTimeout(
      () => {
        this.timeouts.delete(key);
        const running = fire()
          .then(() => undefined)
          .catch((e) => this.logger.error({ err: e, timeout: key }, `timeout ${key} failed`))
          .finally(() => this.firing.delete(running));
        this.firing.add(running);
      },
      Math.min(MAX_TIMEOUT_MS, Math.max(0, delayMs)),
    );
    handle.unref();
    this.timeouts.set(key, { handle });
  }

  hasTimeout(key: string): boolean {
    return this.timeouts.has(key);
  }

  clearTimeout(key: string): void {
    const t = this.timeouts.get(key);
    if (!t) return;
    clearTimeout(t.handle);
    this.timeouts.delete(key);
  }

  /** Drops every pending timeout whose key starts with the prefix (a service stopping its own). */
  clearTimeouts(prefix: string): void {
    for (const key of [...this.timeouts.keys()]) if (key.startsWith(prefix)) this.clearTimeout(key);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Stops every loop and timeout; waits for the ticks and firings under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.loops.values()) clearTimeout(state.timer);
    for (const key of [...this.timeouts.keys()]) this.clearTimeout(key);
    await Promise.all([...[...this.loops.values()].map((s) => s.running), ...this.firing]);
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private schedule(state: LoopState, delayMs: number): void {
    clearTimeout(state.timer);
    if (this.stopped) return;
    state.timer = setTimeout(() => void this.start(state), Math.min(MAX_TIMEOUT_MS, Math.max(0, delayMs)));
    state.timer.unref();
  }

  private start(state: LoopState): Promise<void> {
    if (state.running) return state.running;
    state.wokenDuringTick = false;
    state.timer = undefined;
    const run = async () => {
      let next: number | void = undefined;
      try {
        next = state.loop.onceAcrossInstances ? await this.exclusive(state.loop) : await state.loop.tick();
      } catch (e) {
        this.logger.error({ err: e, loop: state.loop.name }, `background loop ${state.loop.name} failed`);
      } finally {
        state.running = undefined;
      }
      this.schedule(state, state.wokenDuringTick ? 0 : typeof next === 'number' ? next : state.loop.periodMs);
    };
    state.running = run();
    return state.running;
  }

  /** The tick, when no other instance is running this loop's tick. */
  private async exclusive(loop: BackgroundLoop): Promise<number | void> {
    const r = await this.locks.whileHolding(`background-loop:${loop.name}`, () => loop.tick());
    return r.skipped ? undefined : r.value;
  }
}
