import { Knob } from './http-peer';

/**
 * What a social network peer can be told to do to its next posts: throttle (with the wait it announces),
 * fail with a status (having published or not), or publish and never answer.
 */
export type PostFailure = { kind: 'rate-limit'; retryAfterSeconds: number } | { kind: 'status'; status: number; publish: boolean } | { kind: 'hang' };

export class PostFailures {
  private readonly knob = new Knob<PostFailure>();

  /** The next `times` posts are throttled; the peer says to come back in `retryAfterSeconds`. */
  rateLimitNext(retryAfterSeconds: number, times = 1): void {
    this.knob.push({ kind: 'rate-limit', retryAfterSeconds }, times);
  }

  /** The next post gets `status`; with `publish`, the network published it anyway. */
  failNext(status = 500, opts: { publish?: boolean; times?: number } = {}): void {
    this.knob.push({ kind: 'status', status, publish: opts.publish ?? false }, opts.times ?? 1);
  }

  /** The next post is published but never answered: the client can only time out. */
  hangNext(times = 1): void {
    this.knob.push({ kind: 'hang' }, times);
  }

  take(): PostFailure | undefined {
    return this.knob.take();
  }
}
