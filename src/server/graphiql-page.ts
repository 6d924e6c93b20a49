import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

type Page = { html: Buffer; gzip: Buffer };

// GraphiQL with its assets inlined (no CDN is reachable from many networks) is about
// 9 MB of HTML; gzip brings it to a fraction, and it never changes while the process runs.
const CACHE_SECONDS = 3_600;

/**
 * Serves the GraphiQL page that yoga renders, rendered once, gzipped when the browser
 * accepts it, and cacheable. The page contains no key or other per-request data.
 */
export function createGraphiQLPage(render: () => Promise<string>) {
  let page: Promise<Page> | null = null;

  return async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    page ??= render().then((text) => {
      const html = Buffer.from(text);
      return { html, gzip: gzipSync(html) };
    });
    const { html, gzip } = await page;
    const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));

    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': `public, max-age=${CACHE_SECONDS}`,
      vary: 'accept-encoding',
      ...(acceptsGzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(acceptsGzip ? gzip : html);
  };
}

/** Checks whether a request is a browser asking for the GraphiQL page rather than an API call. */
export function wantsGraphiQL(request: IncomingMessage, path: string, query: string | undefined): boolean {
  return (
    request.method === 'GET' &&
    path === '/graphql' &&
    !query &&
    String(request.headers.accept ?? '').includes('text/html')
  );
}
