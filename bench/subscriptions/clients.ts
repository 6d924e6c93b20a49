// Child process of bench/subscriptions/run.ts: opens the subscriber connections, so that
// their parsing runs on the other core, and records when each event arrives.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export type ClientsRequest =
  | { kind: 'graphql'; url: string; key: string; hostId: string; connections: number; events: number; shared: boolean }
  | { kind: 'bare'; url: string; connections: number; events: number };

export type ClientsMessage =
  | { type: 'connected' }
  | { type: 'done'; latenciesMs: number[]; missing: number };

// Connections open in groups of this size, so the server is not hit by 1,000 handshakes at once.
const CONNECT_GROUP_SIZE = 100;
// Events still missing this long after the last arrival count as lost.
const IDLE_LIMIT_MS = 10_000;

// Clients that send the same document share one execution per event on the server.
// An operation name of its own per client makes every document different, which
// measures the cost of one execution per subscriber.
const subscriptionDocument = (operationName: string) => `subscription ${operationName}($hostId: ID!) {
  hostUpdated(hostId: $hostId) { hostId name status previousStatus created cpuUsage memoryUsage load1m lastSeenAt updatedAt }
}`;

type Payload = { data?: { hostUpdated?: { updatedAt: string } } };

const latenciesMs: number[] = [];
let expected = 0;
let lastArrival = Date.now();

function record(payload: Payload): void {
  const sentAt = payload.data?.hostUpdated?.updatedAt;
  if (!sentAt) return;
  latenciesMs.push(Date.now() - Date.parse(sentAt));
  lastArrival = Date.now();
  if (latenciesMs.length === expected) finish();
}

function finish(): void {
  process.send!({ type: 'done', latenciesMs, missing: expected - latenciesMs.length } satisfies ClientsMessage);
  setTimeout(() => process.exit(0), 100);
}

async function openGraphqlClients(request: Extract<ClientsRequest, { kind: 'graphql' }>): Promise<Client[]> {
  const clients: Client[] = [];
  for (let start = 0; start < request.connections; start += CONNECT_GROUP_SIZE) {
    const group = Array.from({ length: Math.min(CONNECT_GROUP_SIZE, request.connections - start) }, (_, offset) => {
      const query = subscriptionDocument(request.shared ? 'Live' : `Live${start + offset}`);
      return new Promise<Client>((resolveClient, reject) => {
        const client = createClient({
          url: request.url,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${request.key}` },
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: reject,
          on: { connected: () => resolveClient(client) },
        });
        client.subscribe<Payload['data']>(
          { query, variables: { hostId: request.hostId } },
          { next: (result) => record(result as Payload), error: reject, complete: () => undefined },
        );
      });
    });
    clients.push(...(await Promise.all(group)));
  }
  return clients;
}

async function openBareSockets(request: Extract<ClientsRequest, { kind: 'bare' }>): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let start = 0; start < request.connections; start += CONNECT_GROUP_SIZE) {
    const group = Array.from({ length: Math.min(CONNECT_GROUP_SIZE, request.connections - start) }, () => {
      return new Promise<WebSocket>((resolveSocket, reject) => {
        const socket = new WebSocket(request.url);
        // Parsed like graphql-ws parses a next message, so both runs do the same client work.
        socket.on('message', (data) => record((JSON.parse(String(data)) as { payload: Payload }).payload));
        socket.once('open', () => resolveSocket(socket));
        socket.once('error', reject);
      });
    });
    sockets.push(...(await Promise.all(group)));
  }
  return sockets;
}

process.once('message', async (request: ClientsRequest) => {
  expected = request.connections * request.events;
  if (request.kind === 'graphql') await openGraphqlClients(request);
  else await openBareSockets(request);
  process.send!({ type: 'connected' } satisfies ClientsMessage);

  setInterval(() => {
    if (Date.now() - lastArrival > IDLE_LIMIT_MS && latenciesMs.length > 0) finish();
  }, 1_000).unref();
});
