import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Names statements after their text, so that each pool connection parses a statement
 * once, and plans it once when PostgreSQL settles on a generic plan. On this machine,
 * EXPLAIN ANALYZE showed 1.4 ms of planning for a hosts page that ran in 1.8 ms, and 0.1
 * to 0.16 ms for a series statement that ran in 0.13 ms. Through a pooler in
 * transaction mode, named statements need PgBouncer 1.21 or newer (README).
 *
 * pg keeps a named statement on each connection that ran it until the connection
 * closes, with its plan in the server's memory: about 0.1 MB for the benchmark's hosts
 * page, 0.4 MB for a page that selects every host field. So each family of statements
 * names at most `capacity` texts, first come first served, and runs the rest unnamed.
 * One family filling up does not stop another from naming its statements.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly capacity: number,
  ) {}

  /** Returns the query config of `text`, with a name while the family has room for it. */
  statement(text: string, values: unknown[]): pg.QueryConfig {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.capacity) {
      name = `${this.prefix}-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.names.set(text, name);
    }
    return name === undefined ? { text, values } : { name, text, values };
  }
}

// Series texts come from the metric definitions and the rollup widths: a few dozen.
export const seriesStatements = new StatementNames('series', 256);

// Host page and host lookup texts depend on the selection, filters, order and page size
// that clients choose. At 0.4 MB at most each, 32 names stay under 13 MB per connection.
export const hostStatements = new StatementNames('hosts', 32);
