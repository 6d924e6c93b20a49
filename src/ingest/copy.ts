import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | Date | number[] | null | undefined;

// COPY text format: \N is NULL, and backslash, newline, carriage return and tab are
// escaped with a backslash. Every other character, including other control
// characters, is taken literally.
const SPECIAL_CHARACTERS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function encodeValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return value.replace(SPECIAL_CHARACTERS, (character) => ESCAPES[character]!);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  // Only number arrays reach COPY (per-core CPU percentages): their text needs no quoting.
  return `{${value.join(',')}}`;
}

/** Encodes rows as the body of a COPY ... FROM STDIN in text format. */
export function encodeCopyRows(rows: CopyValue[][]): string {
  let text = '';
  for (const row of rows) {
    text += row.map(encodeValue).join('\t');
    text += '\n';
  }
  return text;
}

/** Writes rows into `table` with one COPY statement; table and columns are trusted identifiers. */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: CopyValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`-- Copy ${table}\nCOPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([encodeCopyRows(rows)]), stream);
}
