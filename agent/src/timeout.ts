/** Marker returned by {@link withTimeout} when the deadline passed first. */
export const TIMED_OUT = Symbol('timed out');

/**
 * Settles with the promise's value, or with TIMED_OUT after `timeoutMs`. The promise
 * keeps running: callers use this where the operation cannot be cancelled (statfs on a
 * dead NFS server) or cancel it themselves, and must not start it again meanwhile.
 */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
