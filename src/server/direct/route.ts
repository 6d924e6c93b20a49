import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../logger.ts';
import { MAX_REQUEST_BODY_BYTES } from '../limits.ts';
import type { DirectExecutor } from './executor.ts';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * Creates the handler of /graphql. It reads JSON posts and offers them to the direct
 * executor first. Whatever the executor declines, and every other request, goes to yoga.
 */
export function createGraphQLRoute(yoga: NodeHandler, direct: DirectExecutor, logger: Logger): NodeHandler {
  return (request, response) => {
    if (!mayRunDirectly(request)) return yoga(request, response);
    return runDirectlyOrWithYoga(request, response, direct, yoga).catch((error: unknown) => {
      logger.error({ err: error }, 'Failed to handle GraphQL request');
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
      }
    });
  };
}

// The direct executor reads the whole body first, so it takes only JSON posts whose
// declared length is within the limit. The rest, chunked bodies included, go to yoga,
// because yoga enforces the limit while it reads.
function mayRunDirectly(request: IncomingMessage): boolean {
  if (request.method !== 'POST') return false;
  if (!request.headers['content-type']?.toLowerCase().startsWith('application/json')) return false;
  const length = request.headers['content-length'];
  return length !== undefined && /^\d+$/.test(length) && Number(length) > 0 && Number(length) <= MAX_REQUEST_BODY_BYTES;
}

async function runDirectlyOrWithYoga(request: IncomingMessage, response: ServerResponse, direct: DirectExecutor, yoga: NodeHandler): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch {
    // The client disconnected while sending, so there is no one to respond to.
    request.destroy();
    return;
  }
  if (await direct.tryHandle(request, response, body)) return;

  // yoga's node adapter takes a body that was read already from request.body.
  (request as IncomingMessage & { body?: Buffer }).body = body;
  await yoga(request, response);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolveBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
