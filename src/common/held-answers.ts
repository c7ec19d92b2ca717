/**
 * Finished answers kept for a bounded time, each for its own span, measured on
 * the monotonic clock (never on this machine's wall clock); all forgotten at
 * once on a change (`forgetAll`). An answer whose query started before a
 * `forgetAll` is not kept: take a `ticket()` before the query, give it to `keep`.
 */
export class HeldAnswers<T> {
  private readonly held = new Map<string, { value: T; until: number }>();
  private generation = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get(key: string): T | undefined {
    const entry = this.held.get(key);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry.value;
    this.held.delete(key);
    return undefined;
  }

  ticket(): number {
    return this.generation;
  }

  keep(key: string, value: T, forMs: number, ticket: number): void {
    if (ticket !== this.generation || !(forMs > 0)) return;
    this.held.set(key, { value, until: this.now() + forMs });
  }

  forgetAll(): void {
    this.generation++;
    this.held.clear();
  }
}
