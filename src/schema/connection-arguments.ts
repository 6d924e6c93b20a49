import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { invalidArgument } from '../errors.ts';

/** The page arguments of a Relay connection, as graphql-js coerces them. */
type PageArguments = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates the argument check of a Prisma connection whose cursor is a UUID id. It rejects
 * what the Prisma plugin would reject without a code or silently cut to `maxSize`, with
 * INVALID_ARGUMENT naming the argument, as the hosts connection does.
 */
export function checkConnectionArguments(maxSize: number): (args: PageArguments) => void {
  return (args) => {
    for (const argument of ['first', 'last'] as const) {
      const size = args[argument];
      if (size !== null && size !== undefined && (size < 0 || size > maxSize)) {
        throw invalidArgument(argument, size, `must be between 0 and ${maxSize}`);
      }
    }

    const backward = (args.last ?? null) !== null || Boolean(args.before);
    if (backward && ((args.first ?? null) !== null || Boolean(args.after))) {
      const argument = (args.first ?? null) !== null ? 'first' : 'after';
      throw invalidArgument(argument, args[argument], 'give first and after to page forward, or last and before to page backward, not both');
    }

    for (const argument of ['after', 'before'] as const) {
      const cursor = args[argument];
      if (cursor !== null && cursor !== undefined && !isIdCursor(cursor)) {
        throw invalidArgument(argument, cursor, 'not a cursor returned by this connection');
      }
    }
  };
}

// The Prisma plugin writes a cursor of the id column as base64 of "GPC:" and the id. One
// that does not decode to a UUID would reach PostgreSQL and fail there as a masked error.
function isIdCursor(cursor: string): boolean {
  try {
    const id = parsePrismaCursor(cursor);
    return typeof id === 'string' && UUID_PATTERN.test(id);
  } catch {
    return false;
  }
}
