import { createHash } from 'node:crypto';
import type pg from 'pg';

// Maximum number of statement texts that get a name. pg keeps a named statement on each
// connection that ran it until the connection closes, so names must come from a bounded
// set. Series texts are a few dozen. A hosts page text depends on the selection and
// filters that clients choose, so texts beyond the cap run unnamed.
const MAX_NAMED_TEXTS = 500;

const names = new Map<string, string>();

/**
 * Names a statement after its text, so that each pool connection parses and plans it
 * once. On this machine, EXPLAIN ANALYZE showed 1.4 ms of planning for a hosts page
 * that ran in 1.8 ms, and 0.1 to 0.16 ms for a series statement that ran in 0.13 ms.
 * Through a pooler in transaction mode, named statements need PgBouncer 1.21 or newer
 * (README).
 */
export function preparedStatement(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_TEXTS) {
    name = `s-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}
