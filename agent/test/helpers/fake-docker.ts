import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/** A container as the fake engine serves it: list entry, inspect body and stats body. */
export type FakeContainer = {
  summary: Record<string, unknown>;
  inspect: Record<string, unknown>;
  /** Stats body; 'hang' never answers the request. */
  stats?: Record<string, unknown> | 'hang';
};

/**
 * Fake Docker Engine API on a unix socket in a directory the test owns. It serves the
 * endpoints dockerode calls, with or without a /v1.xx version prefix.
 */
export class FakeDockerEngine {
  readonly socketPath: string;
  readonly requests: string[] = [];
  containers: FakeContainer[] = [];
  private readonly server: Server;

  constructor(directory: string) {
    this.socketPath = join(directory, 'docker.sock');
    this.server = createServer((request, response) => {
      const path = (request.url ?? '/').replace(/^\/v\d+\.\d+/, '');
      this.requests.push(path);
      const send = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };

      const [route] = path.split('?');
      if (route === '/_ping') {
        response.end('OK');
        return;
      }
      if (route === '/version') {
        send(200, { ApiVersion: '1.45', Version: '26.1.0', Os: 'linux' });
        return;
      }
      if (route === '/info') {
        send(200, { Containers: this.containers.length, ServerVersion: '26.1.0' });
        return;
      }
      if (route === '/containers/json') {
        send(200, this.containers.map((container) => container.summary));
        return;
      }

      const match = /^\/containers\/([^/]+)\/(json|stats)$/.exec(route ?? '');
      const container = this.containers.find((candidate) => candidate.summary['Id'] === match?.[1]);
      if (!match || !container) {
        send(404, { message: `No such container: ${match?.[1] ?? route}` });
        return;
      }
      if (match[2] === 'json') {
        send(200, container.inspect);
        return;
      }
      if (container.stats === 'hang') {
        // Leave the request open: the collector's deadline must end it.
        return;
      }
      send(200, container.stats ?? {});
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, resolve);
    });
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
