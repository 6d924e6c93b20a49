/**
 * Delay before retry number `attempt` (0 for the first retry): exponential backoff
 * with full jitter, a uniform draw between 0 and min(maxMs, baseMs * 2^attempt). The
 * jitter spreads a fleet of agents that lost the API at the same moment.
 */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}
