import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { createLogger } from '../src/logger.ts';
import { startTestApp } from './helpers/app.ts';

let app: Sentinel;

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('HTTP server', () => {
  it('serves GraphiQL gzipped without a CDN', async () => {
    // node:http, unlike fetch, hands over the body as the server sent it.
    const { status, headers, body } = await rawGet(`${app.http.url}/graphql`, {
      accept: 'text/html',
      'accept-encoding': 'gzip',
    });
    expect(status).toBe(200);
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers['cache-control']).toMatch(/max-age=/);

    const html = gunzipSync(body).toString('utf8');
    expect(body.length).toBeLessThan(html.length / 2);
    expect(html).toContain('<title>Sentinel GraphQL</title>');
    expect(html).not.toMatch(/https?:\/\/(unpkg\.com|cdn\.jsdelivr\.net)/);
  });

  it('answers health and readiness', async () => {
    const health = await fetch(`${app.http.url}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.http.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { database: 'ok' } });
  });

  it('names PORT when the port is taken', async () => {
    await expect(startTestApp({ port: app.http.port })).rejects.toThrow(
      `Port ${app.http.port} on 127.0.0.1 is already in use: stop the process using it, or set PORT to a free port`,
    );
  });
});

describe('embedded PostgreSQL', () => {
  it('refuses a data directory another process uses', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-busy-'));
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, 'postgres'));
    // This test process plays the PostgreSQL of another Sentinel, because its pid is alive.
    writeFileSync(join(dataDir, 'postgres', 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);

    await expect(startEmbeddedPostgres(dataDir, createLogger('silent'))).rejects.toThrow(
      /is already running \(pid \d+\), so another Sentinel process is using this data directory/,
    );
  });
});
