import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/db/pool.ts';
import { StatementNames } from '../src/db/prepared.ts';
import { createPrisma } from '../src/db/prisma.ts';
import { queryHostPage } from '../src/hosts/host-list-storage.ts';
import { hostRowSql } from '../src/hosts/host-row-sql.ts';
import { seedHost } from './helpers/api-seed.ts';
import { seedProject, testDatabaseUrl } from './helpers/app.ts';

// One connection, so that the statements this test prepares are all on the session it inspects.
const pool = createPool(testDatabaseUrl(), 1);
const prisma = createPrisma(testDatabaseUrl());

afterAll(async () => {
  await pool.end();
  await prisma.$disconnect();
});

describe('prepared statements', () => {
  it('names each text once', () => {
    const names = new StatementNames('test', 10);
    const first = names.statement('SELECT 1', []);
    expect(first.name).toMatch(/^test-[0-9a-f]{20}$/);
    expect(names.statement('SELECT 1', [1]).name).toBe(first.name);
    expect(names.statement('SELECT 2', []).name).not.toBe(first.name);
  });

  it('stops naming new texts at the cap', () => {
    const names = new StatementNames('test', 2);
    const keptName = names.statement('SELECT 1', []).name;
    names.statement('SELECT 2', []);
    expect(names.statement('SELECT 3', [])).toEqual({ text: 'SELECT 3', values: [] });
    expect(names.statement('SELECT 1', []).name).toBe(keptName);
  });

  it('caps each family on its own', () => {
    const pages = new StatementNames('pages', 1);
    const series = new StatementNames('series', 1);
    pages.statement('SELECT 1', []);
    expect(pages.statement('SELECT 2', []).name).toBeUndefined();
    expect(series.statement('SELECT 2', []).name).toMatch(/^series-/);
  });

  it('prepares one page statement per limit', async () => {
    const { projectId } = await seedProject(prisma);
    for (let index = 0; index < 4; index++) await seedHost(prisma, pool, projectId, { name: `prepared-${index}` });
    const node = hostRowSql({ select: { name: true } })!;
    const page = (limit: number) => queryHostPage(pool, { projectId, filter: {}, field: 'NAME', direction: 'ASC', backward: false, cursor: null, limit, node });

    for (let run = 0; run < 3; run++) {
      expect((await page(2)).map((row) => row.node?.name)).toEqual(['prepared-0', 'prepared-1']);
      expect(await page(3)).toHaveLength(3);
    }
    const { rows } = await pool.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '-- Host page%'");
    expect(rows.map((row) => row.statement.match(/LIMIT (\d+)$/)?.[1]).sort()).toEqual(['2', '3']);
    await expect(page(1.5)).rejects.toThrow(/page limit must be a positive integer, got 1.5/);
  });
});
