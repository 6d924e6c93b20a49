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

export function encodeHostCursor(cursor: HostCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Decodes the cursor of the `after` or `before` argument (`argument`), rejecting one that
 * is malformed or belongs to another order.
 */
export function decodeHostCursor(argument: 'after' | 'before', text: string, field: HostSortField, direction: SortDirection): HostCursor {
  let parsed: HostCursor;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalidArgument(argument, text, 'not a cursor returned by this connection');
  }
  if (parsed.field !== field || parsed.direction !== direction) {
    throw invalidArgument(argument, text, `the cursor belongs to order ${parsed.field} ${parsed.direction}, not ${field} ${direction}`);
  }
  return parsed;
}
