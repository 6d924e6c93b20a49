import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { invalidArgument } from '../errors.ts';
import { checkPageArguments, type PageArguments } from '../page-arguments.ts';
import { isUuid } from './ids.ts';

/**
 * Creates the argument check of a Prisma connection whose cursor is a UUID id. It rejects
 * what the Prisma plugin would reject without a code or silently cut to `maxSize`, with
 * INVALID_ARGUMENT naming the argument, as the hosts connection does.
 */
export function checkConnectionArguments(maxSize: number): (args: PageArguments) => void {
  return (args) => {
    checkPageArguments(args, maxSize, maxSize);

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
    return typeof id === 'string' && isUuid(id);
  } catch {
    return false;
  }
}
