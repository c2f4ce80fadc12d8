// Bounded concurrency for file work: a slot limiter and an in-order, read-ahead mapper.

export type Limiter = <R>(task: () => Promise<R>) => Promise<R>;

/** Runs at most `concurrency` tasks at once; the rest wait in arrival order. */
export function createLimiter(concurrency: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (active < concurrency) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async (task) => {
    await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** Maps every item with at most `concurrency` calls in flight; results come back in input order. */
export function mapWithConcurrency<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const limit = createLimiter(concurrency);
  return Promise.all(items.map((item) => limit(() => work(item))));
}

export type Settled<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; error: unknown };

export interface ReadAheadOptions {
  /** Calls of `work` running at once. */
  concurrency: number;
  /** Items started ahead of the consumer (running or finished, not yet taken); at least `concurrency`. */
  lookahead: number;
}

/**
 * Yields every item's outcome in input order while up to `lookahead` later items are already being
 * worked on, so the consumer rarely waits. A failing item yields `ok: false` and never stops the stream.
 * When the consumer stops early, items that have not started yet are never started.
 */
export async function* settleInOrder<T, R>(items: readonly T[], work: (item: T) => Promise<R>, options: ReadAheadOptions): AsyncGenerator<Settled<T, R>> {
  const limit = createLimiter(options.concurrency);
  const lookahead = Math.max(options.lookahead, options.concurrency);
  const window: Promise<Settled<T, R>>[] = [];
  let next = 0;
  let stopped = false;
  const start = (item: T): Promise<Settled<T, R>> =>
    limit(() => (stopped ? Promise.reject(new Error('stopped')) : work(item))).then(
      (value) => ({ item, ok: true as const, value }),
      (error: unknown) => ({ item, ok: false as const, error }),
    );
  const refill = (): void => {
    while (window.length < lookahead && next < items.length) window.push(start(items[next++]));
  };
  try {
    refill();
    for (let settled = window.shift(); settled; settled = window.shift()) {
      const outcome = await settled;
      refill();
      yield outcome;
    }
  } finally {
    stopped = true;
  }
}
