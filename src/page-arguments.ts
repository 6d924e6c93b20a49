import { invalidArgument } from './errors.ts';

/** The page arguments of a Relay connection, as graphql-js coerces them. */
export type PageArguments = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

/**
 * Checks a connection's page arguments and returns the page's direction and size:
 * forward with first and after, backward with last and before, never both. A size
 * outside 0 to `maxSize` is rejected, and a missing one is `defaultSize`.
 */
export function checkPageArguments(args: PageArguments, maxSize: number, defaultSize: number): { backward: boolean; size: number } {
  const first = args.first ?? null;
  const last = args.last ?? null;
  const backward = last !== null || Boolean(args.before);
  if (backward && (first !== null || Boolean(args.after))) {
    throw invalidArgument(first !== null ? 'first' : 'after', first ?? args.after, 'give first and after to page forward, or last and before to page backward, not both');
  }

  const argument = backward ? 'last' : 'first';
  const size = (backward ? last : first) ?? defaultSize;
  if (!Number.isInteger(size) || size < 0 || size > maxSize) throw invalidArgument(argument, size, `must be between 0 and ${maxSize}`);
  return { backward, size };
}
