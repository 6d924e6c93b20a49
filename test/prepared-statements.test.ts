import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/db/pool.ts';
import { preparedStatement } from '../src/db/prepared.ts';
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
    const first = preparedStatement('SELECT 1 -- prepared test a', []);
    expect(first.name).toMatch(/^s-[0-9a-f]{20}$/);
    expect(preparedStatement('SELECT 1 -- prepared test a', [1]).name).toBe(first.name);
    expect(preparedStatement('SELECT 1 -- prepared test b', []).name).not.toBe(first.name);
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

  // Runs last: it fills the cap that the other tests of this file need room in.
  it('stops naming new texts at the cap', () => {
    const keptName = preparedStatement('SELECT 1 -- prepared test kept', []).name;
    let unnamed = 0;
    for (let index = 0; index < 600; index++) {
      if (preparedStatement(`SELECT ${index} -- prepared test cap`, []).name === undefined) unnamed++;
    }
    expect(unnamed).toBeGreaterThan(100);
    expect(preparedStatement('SELECT 1 -- prepared test kept', []).name).toBe(keptName);
    expect(preparedStatement('SELECT 2 -- prepared test beyond', [])).toEqual({ text: 'SELECT 2 -- prepared test beyond', values: [] });
  });
});
