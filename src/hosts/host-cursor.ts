import { z } from 'zod';
import { invalidArgument } from '../errors.ts';

export type HostSortField = 'NAME' | 'STATUS' | 'CPU' | 'MEMORY' | 'LAST_SEEN';
export type SortDirection = 'ASC' | 'DESC';

// A cursor contains the sort value of a row and its id, so a page continues after that
// row even when many hosts share a value. It also names the order it belongs to.
const cursorSchema = z.object({
  field: z.enum(['NAME', 'STATUS', 'CPU', 'MEMORY', 'LAST_SEEN']),
  direction: z.enum(['ASC', 'DESC']),
  value: z.union([z.string(), z.number()]),
  id: z.string().uuid(),
});
export type HostCursor = z.infer<typeof cursorSchema>;

// Cursors are base64url JSON arrays [field, direction, value, id]. Earlier releases wrote
// objects, which are still read, so a client paging through an upgrade keeps its place.
const cursorArraySchema = z.tuple([z.string(), z.string(), z.unknown(), z.unknown()]).transform(([field, direction, value, id]) => ({ field, direction, value, id }));

/**
 * Encodes a cursor. A page of 100 hosts encodes 100, so the text is written out rather
 * than built by JSON.stringify: field and direction are enum names and the id is a
 * UUID, so only the value may need escaping. The array form is half the size of an
 * object, and cursors were a third of a page's response.
 */
export function encodeHostCursor(cursor: HostCursor): string {
  const text = `["${cursor.field}","${cursor.direction}",${JSON.stringify(cursor.value)},"${cursor.id}"]`;
  return Buffer.from(text).toString('base64url');
}

/**
 * Decodes the cursor of the `after` or `before` argument (`argument`), rejecting one that
 * is malformed or belongs to another order.
 */
export function decodeHostCursor(argument: 'after' | 'before', text: string, field: HostSortField, direction: SortDirection): HostCursor {
  let parsed: HostCursor;
  try {
    const json: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    parsed = cursorSchema.parse(Array.isArray(json) ? cursorArraySchema.parse(json) : json);
  } catch {
    throw invalidArgument(argument, text, 'not a cursor returned by this connection');
  }
  if (parsed.field !== field || parsed.direction !== direction) {
    throw invalidArgument(argument, text, `the cursor belongs to order ${parsed.field} ${parsed.direction}, not ${field} ${direction}`);
  }
  return parsed;
}
