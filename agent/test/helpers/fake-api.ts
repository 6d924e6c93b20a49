import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ReportMetricsInput } from '../../src/generated/graphql.ts';
import type { AgentReport } from '../../src/report/agent-report.ts';
import { findContractViolations } from './contract.ts';

export type RecordedRequest = {
  authorization: string | undefined;
  query: string;
  /** The agent's variables; its report ids are strings. */
  variables: { input: ReportMetricsInput & { reports: AgentReport[] } };
};

export type FakeApiOptions = {
  /** A request containing one of these report ids is rejected whole with INVALID_REPORT. */
  invalidReportIds?: Set<string>;
  /** HTTP status for every request (with an UNAUTHENTICATED error for 401), instead of accepting. */
  fixedStatus?: number;
};

/**
 * Stand-in for the API's /graphql endpoint on 127.0.0.1. It stores each report id
 * once, as the real server does, and checks every request against the protocol document.
 */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  /** Reports stored, in arrival order; a duplicate is not stored twice. */
  readonly stored: AgentReport[] = [];
  /** Every report received, duplicates included. */
  readonly received: AgentReport[] = [];
  readonly contractViolations: string[] = [];
  private readonly storedIds = new Set<string>();
  private readonly waiters: Array<{ predicate: () => boolean; resolve: () => void }> = [];
  private server: Server | null = null;
  port = 0;

  constructor(private readonly options: FakeApiOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on the given port, or on a free one when 0. */
  async start(port = this.port): Promise<void> {
    const server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes the listener and every open connection, so the agent sees a refused connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) {
      return;
    }
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Resolves once the predicate holds after some request, or at once if it already does. */
  waitFor(predicate: () => boolean): Promise<void> {
    if (predicate()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<RecordedRequest, 'authorization'>;
    this.requests.push({ authorization: request.headers.authorization, ...body });
    this.contractViolations.push(...findContractViolations(body.variables));
    const reports = body.variables.input.reports;
    this.received.push(...reports);

    const result = this.respond(reports);
    response.writeHead(result.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result.body));
    this.notify();
  }

  private respond(reports: AgentReport[]): { status: number; body: unknown } {
    if (this.options.fixedStatus !== undefined) {
      const code = this.options.fixedStatus === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR';
      return { status: this.options.fixedStatus, body: { errors: [{ message: 'rejected by test', extensions: { code } }] } };
    }

    const invalidIndex = reports.findIndex((report) => this.options.invalidReportIds?.has(report.id));
    const invalid = reports[invalidIndex];
    if (invalid !== undefined) {
      return {
        status: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'cpuUsagePercent must be between 0 and 100',
              extensions: {
                code: 'INVALID_REPORT',
                field: `reports[${invalidIndex}].system.cpuUsagePercent`,
                value: 250,
                reportId: invalid.id,
              },
            },
          ],
        },
      };
    }

    const accepted: string[] = [];
    const duplicates: string[] = [];
    for (const report of reports) {
      if (this.storedIds.has(report.id)) {
        duplicates.push(report.id);
        continue;
      }
      this.storedIds.add(report.id);
      this.stored.push(report);
      accepted.push(report.id);
    }
    return {
      status: 200,
      body: { data: { reportMetrics: { hostId: 'host-1', accepted, duplicates, clockSkewMs: 0, warnings: [] } } },
    };
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
