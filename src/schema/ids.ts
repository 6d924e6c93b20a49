import { invalidArgument } from '../errors.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tells whether a text is a UUID in its usual hyphenated form, in either case. */
export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

/** Checks that an id argument is a UUID, so a malformed id is a client error rather than a database error. */
export function parseId(field: string, value: string | number): string {
  const text = String(value);
  if (!isUuid(text)) throw invalidArgument(field, text, 'expected a UUID');
  return text.toLowerCase();
}

export function parseOptionalId(field: string, value: string | number | null | undefined): string | null {
  return value === null || value === undefined ? null : parseId(field, value);
}
