// Runs long engine jobs one at a time, in arrival order, so that a second request never interleaves
// its tensors and memory peaks with the first.
export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
