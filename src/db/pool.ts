import pg from 'pg';
import { isoInstantFromPostgres, formatIsoInstant } from '../iso-instant.ts';
import type { Logger } from '../logger.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const TIMESTAMPTZ_OID = 1184;

// Sentinel stores only integers within ±2^53 (ingest rejects larger ones), so int8
// columns and count(*) are parsed as JavaScript numbers. The parsers are set on this
// pool's type set only, not globally on the pg module.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) {
      return (value: string) => (value === null ? null : Number(value));
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

// Another time zone or a year past 9999 goes through pg's parser. For infinity that
// parser returns a number, which is passed on: the DateTime scalar rejects it with a
// GraphQLError, so the direct executor leaves the request to yoga, which nulls the field.
function instantText(value: string): unknown {
  const text = isoInstantFromPostgres(value);
  if (text !== null) return text;
  const parsed: unknown = parseTimestamptz(value);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? formatIsoInstant(parsed) : parsed;
}

/**
 * The pool's parsers, except that timestamptz columns are read as ISO 8601 text
 * (2026-12-04T10:00:00.123Z) instead of Date. For statements whose instants only go
 * into a JSON response, as the direct executor's host reads: parsing a Date and
 * formatting it again cost about 0.06 ms of a page of 100 hosts, 5 % of its time.
 * Pass it as the `types` of a query.
 */
export const INSTANTS_AS_TEXT_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return instantText;
    return types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export type Pool = pg.Pool;

/**
 * Creates the pg pool used for raw SQL: ingest, series, jobs and migrations. An idle
 * connection that the server closes (restart, failover, shutdown) is logged and
 * replaced on next use. Without a listener, pg-pool's error event would end the process.
 */
export function createPool(databaseUrl: string, max = 10, logger?: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    types,
    application_name: 'sentinel',
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => {
    // pg attaches the whole client, statement cache included, to the error, so logging
    // the error as is wrote tens of kilobytes. The message and code identify the failure.
    const { message, code } = error as Error & { code?: string };
    logger?.warn({ err: { message, code } }, 'Idle database connection failed');
  });
  return pool;
}

// An upper bound on the wait for connections to close, so a stuck socket cannot hold up
// a shutdown.
const CLOSE_WAIT_MS = 2_000;

/**
 * Ends the pool and waits until its connections have closed. pg-pool's end() resolves
 * as soon as it has asked each connection to close. The embedded database stops right
 * after it in a shutdown, and it then ended some connections itself, each logged as a
 * failed idle connection.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolveClosed) => {
    if (open === 0) return resolveClosed();
    pool.on('remove', () => {
      if (++removed >= open) resolveClosed();
    });
    timer = setTimeout(resolveClosed, CLOSE_WAIT_MS);
  });

  await pool.end();
  await closed;
  clearTimeout(timer);
}
