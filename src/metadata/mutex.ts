/** Serializes async sections: one transaction at a time on a connection or in-memory state. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `body` after every previously queued body has settled. */
  run<T>(body: () => Promise<T>): Promise<T> {
    const result = this.tail.then(body);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
