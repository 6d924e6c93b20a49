import type { Logger } from '../logger.ts';

// A failure that repeats, such as every publish while Redis is down, is logged at most
// once per this period, with the number of repeats left out since the last line.
const REPEAT_LOG_INTERVAL_MS = 10_000;

/** Logs a warning at most once per interval and counts the repeats it left out. */
export class ThrottledWarning {
  private lastLoggedAt = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
  ) {}

  warn(fields: Record<string, unknown>, now = Date.now()): void {
    if (now - this.lastLoggedAt < REPEAT_LOG_INTERVAL_MS) {
      this.suppressed += 1;
      return;
    }
    this.logger.warn({ ...fields, repeats: this.suppressed }, this.message);
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }
}
