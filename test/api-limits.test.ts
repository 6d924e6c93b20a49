import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { MAX_QUERY_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_QUERY_DIRECTIVES, MAX_QUERY_TOKENS, MAX_REQUEST_BODY_BYTES } from '../src/server/limits.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';

let app: Sentinel;
let seeded: SeededProject;

beforeAll(async () => {
  app = await startTestApp();
  seeded = await seedProject(app.services.prisma);
});
afterAll(async () => {
  await app?.stop();
});

/** Posts a GraphQL request with an Accept header, to see the HTTP status yoga chooses. */
function post(body: Record<string, unknown>, accept: string): Promise<Response> {
  return fetch(`${app.http.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${seeded.keys.read}` },
    body: JSON.stringify(body),
  });
}

describe('request limits', () => {
  it('rejects a query nested too deep', async () => {
    // containers > (host > containers) x 5 > id is 12 levels deep.
    let selection = 'id';
    for (let i = 0; i < MAX_QUERY_DEPTH / 2; i++) selection = `host { containers { ${selection} } }`;
    const result = await graphql(app.http.url, seeded.keys.read, `{ containers { ${selection} } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: MAX_QUERY_DEPTH });
  });

  it('rejects too many aliases', async () => {
    const fields = Array.from({ length: MAX_QUERY_ALIASES + 1 }, (_, i) => `a${i}: capacity { onlineHosts }`).join(' ');
    const result = await graphql(app.http.url, seeded.keys.read, `{ ${fields} }`);
    expect(result.errors?.[0]?.message).toMatch(/alias/i);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: MAX_QUERY_ALIASES });
  });

  it('names each limit without a syntax error', async () => {
    // Each spread of the fragment counts its whole selection again: 700 cost about 59,000.
    const costly = `{ hosts { edges { node { ${'...Detail '.repeat(700)} } } } }
      fragment Detail on Host { disks { device mountPoint usagePercent } interfaces { name bytesSent } latest { cpuUsagePercent } }`;
    const cases: [string, string, number][] = [
      ['directives', `{ capacity ${'@include(if: true) '.repeat(MAX_QUERY_DIRECTIVES + 1)} { onlineHosts } }`, MAX_QUERY_DIRECTIVES],
      ['tokens', `{ capacity { ${'onlineHosts '.repeat(MAX_QUERY_TOKENS)} } }`, MAX_QUERY_TOKENS],
      ['cost', costly, MAX_QUERY_COST],
    ];
    for (const [limit, query, max] of cases) {
      const result = await graphql(app.http.url, seeded.keys.read, query);
      expect(result.data ?? null, limit).toBeNull();
      expect(result.errors?.[0]?.extensions, limit).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, max });
      expect(result.errors?.[0]?.message, limit).not.toMatch(/syntax error/i);
    }
  });

  it('treats limit errors as validation failures', async () => {
    const deep = `{ containers { ${'host { containers { '.repeat(MAX_QUERY_DEPTH / 2)}id${' } }'.repeat(MAX_QUERY_DEPTH / 2)} } }`;
    const aliases = `{ ${Array.from({ length: 21 }, (_, index) => `a${index}: capacity { onlineHosts }`).join(' ')} }`;
    const cases: [string, string, number][] = [
      [deep, 'application/json', 200],
      [deep, 'application/graphql-response+json', 400],
      [aliases, 'application/json', 200],
      [aliases, 'application/graphql-response+json', 400],
      [`{ capacity { ${'onlineHosts '.repeat(MAX_QUERY_TOKENS)} } }`, 'application/json', 200],
      [`{ capacity { ${'onlineHosts '.repeat(MAX_QUERY_TOKENS)} } }`, 'application/graphql-response+json', 400],
    ];
    for (const [query, accept, status] of cases) {
      const response = await post({ query }, accept);
      expect(response.status, accept).toBe(status);
    }
  });

  it('explains an aborted validation', async () => {
    // 708 copies of one field need more than the 500,000 comparisons graphql-js allows.
    const result = await graphql(app.http.url, seeded.keys.read, `{ capacity { ${'onlineHosts '.repeat(708)} } }`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(/^Validation aborted: .*copies of one field/);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'validation' });
    expect((await post({ query: `{ capacity { ${'onlineHosts '.repeat(708)} } }` }, 'application/graphql-response+json')).status).toBe(400);
  });

  it('rejects an empty query', async () => {
    for (const query of ['', '  \n', '# only a comment\n']) {
      const result = await graphql(app.http.url, seeded.keys.read, query);
      expect(result.errors?.[0]?.message, JSON.stringify(query)).toMatch(/^The query is empty/);
      expect(result.errors?.[0]?.extensions, JSON.stringify(query)).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    }
    expect((await post({ query: '' }, 'application/json')).status).toBe(200);
    expect((await post({ query: '' }, 'application/graphql-response+json')).status).toBe(400);
  });

  it('keeps syntax error messages', async () => {
    const result = await graphql(app.http.url, seeded.keys.read, '{ capacity { ');
    expect(result.errors?.[0]?.message).toMatch(/^Syntax Error: Expected Name/);
  });

  it('accepts a query within the limits', async () => {
    const result = await graphql(app.http.url, seeded.keys.read, '{ a: capacity { onlineHosts } b: fleetOverview { totalHosts } }');
    expect(result.errors).toBeUndefined();
  });

  it('rejects a body over the size limit', async () => {
    const response = await fetch(`${app.http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.keys.read}` },
      body: JSON.stringify({ query: '{ capacity { onlineHosts } }', variables: { padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } }),
    });
    expect(response.status).toBe(413);
  });
});
