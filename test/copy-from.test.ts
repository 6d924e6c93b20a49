import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { CopyText, copyText } from '../src/ingest/copy.ts';

// The COPY submitted to pg by hand: rows arrive intact, a rejected COPY surfaces
// PostgreSQL's error, and the connection stays usable afterwards.

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  await client.query('CREATE TEMP TABLE copy_probe (id integer, label text, measured double precision)');
});
afterAll(async () => {
  await client?.end();
});

function body(rows: Record<string, unknown>[]): CopyText {
  const text = new CopyText();
  for (const row of rows) text.add('', row, ['id', 'label', 'measured']);
  return text;
}

describe('copy from text', () => {
  it('stores multi-byte text, escapes and nulls', async () => {
    const rows = [
      { id: 1, label: 'Zürich – 東京 🚀', measured: 1.5 },
      { id: 2, label: 'tab\tnew line\nback\\slash', measured: null },
      { id: 3, label: null, measured: -0.25 },
    ];
    await copyText(client as unknown as pg.PoolClient, 'copy_probe', ['id', 'label', 'measured'], body(rows));

    const { rows: stored } = await client.query('SELECT id, label, measured FROM copy_probe ORDER BY id');
    expect(stored).toEqual(rows);
  });

  it('copies a body larger than one socket write', async () => {
    const rows = Array.from({ length: 20_000 }, (_unused, index) => ({ id: 1_000 + index, label: `row ${index} ${'x'.repeat(40)}`, measured: index / 3 }));
    await copyText(client as unknown as pg.PoolClient, 'copy_probe', ['id', 'label', 'measured'], body(rows));

    const { rows: counted } = await client.query<{ count: string }>('SELECT count(*) FROM copy_probe WHERE id >= 1000');
    expect(Number(counted[0]!.count)).toBe(20_000);
  });

  it('rejects invalid data with the PostgreSQL error', async () => {
    const invalid = new CopyText();
    invalid.add('', { id: 'seven', label: 'bad', measured: 1 }, ['id', 'label', 'measured']);

    await expect(copyText(client as unknown as pg.PoolClient, 'copy_probe', ['id', 'label', 'measured'], invalid)).rejects.toThrow(
      /invalid input syntax for type integer: "seven"/,
    );
    const { rows } = await client.query('SELECT 1 AS ready');
    expect(rows).toEqual([{ ready: 1 }]);
  });

  it('rejects a missing table before sending data', async () => {
    await expect(copyText(client as unknown as pg.PoolClient, 'no_such_table', ['id'], body([{ id: 1 }]))).rejects.toThrow(
      /relation "no_such_table" does not exist/,
    );
    const { rows } = await client.query('SELECT count(*)::int AS rows FROM copy_probe WHERE id < 1000');
    expect(rows).toEqual([{ rows: 3 }]);
  });
});
