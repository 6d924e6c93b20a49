import type pg from 'pg';
import { formatIsoInstant } from '../iso-instant.ts';
import { copyFromText } from './copy-from.ts';

export type CopyValue = string | number | boolean | Date | number[] | null | undefined;

// COPY text format: \N is NULL, and backslash, newline, carriage return and tab are
// escaped with a backslash. Every other character, including other control
// characters, is taken literally.
const HAS_SPECIAL_CHARACTER = /[\\\n\r\t]/;
const SPECIAL_CHARACTERS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Encodes one value in COPY text format. */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return HAS_SPECIAL_CHARACTER.test(value) ? value.replace(SPECIAL_CHARACTERS, (character) => ESCAPES[character]!) : value;
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return formatIsoInstant(value);
  // Only number arrays reach COPY (per-core CPU percentages): their text needs no quoting.
  return `{${value.join(',')}}`;
}

/**
 * The body of one COPY ... FROM STDIN in text format, built as one string: a row is a
 * prefix encoded once per report (ids and time) followed by the fields of one object.
 */
export class CopyText {
  text = '';
  rows = 0;

  /** Appends a row: `prefix` (already encoded, ending in a tab) and `fields` of `source`. */
  add(prefix: string, source: object, fields: readonly string[]): void {
    const values = source as Record<string, CopyValue>;
    let row = prefix;
    for (let index = 0; index < fields.length; index += 1) {
      if (index > 0) row += '\t';
      row += encodeCopyValue(values[fields[index]!]);
    }
    this.text += `${row}\n`;
    this.rows += 1;
  }
}

/** Writes a COPY body into `table` with one COPY statement; table and columns are trusted identifiers. */
export async function copyText(client: pg.PoolClient, table: string, columns: readonly string[], body: CopyText): Promise<void> {
  if (body.rows === 0) return;
  await copyFromText(client, `-- Copy ${table}\nCOPY ${table} (${columns.join(', ')}) FROM STDIN`, body.text);
}
