import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { MAX_QUERY_ALIASES, MAX_QUERY_DEPTH, MAX_REQUEST_BODY_BYTES } from '../src/server/limits.ts';
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

describe('request limits', () => {
  it('rejects a query nested too deep', async () => {
    // containers > (host > containers) x 5 > id is 12 levels deep.
    let selection = 'id';
    for (let i = 0; i < MAX_QUERY_DEPTH / 2; i++) selection = `host { containers { ${selection} } }`;
    const result = await graphql(app.http.url, seeded.keys.read, `{ containers { ${selection} } }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('rejects too many aliases', async () => {
    const fields = Array.from({ length: MAX_QUERY_ALIASES + 1 }, (_, i) => `a${i}: capacity { onlineHosts }`).join(' ');
    const result = await graphql(app.http.url, seeded.keys.read, `{ ${fields} }`);
    expect(result.errors?.[0]?.message).toMatch(/alias/i);
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
