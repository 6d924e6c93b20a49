import { print } from 'graphql';

import {
  ReportMetricsDocument,
  type ReportMetricsInput,
  type ReportMetricsMutation,
  type ReportMetricsMutationVariables,
} from '../generated/graphql.ts';

/** Outcome of one reportMetrics request, classified by what the sender should do next. */
export type SendResult =
  | { kind: 'delivered'; payload: ReportMetricsMutation['reportMetrics'] }
  /** The server will never accept this report; drop it and send the rest again. */
  | { kind: 'invalid-report'; reportId: string; field: unknown; value: unknown; message: string }
  /** The key is missing, wrong or revoked; an operator must act, so retry slowly. */
  | { kind: 'unauthorized'; status: number; message: string }
  /** The server rejected the request as a whole (schema mismatch); retry slowly. */
  | { kind: 'rejected'; status: number; message: string }
  /** Network failure, timeout, overload or server error; retry with backoff. */
  | { kind: 'unavailable'; status: number | null; message: string };

type GraphqlError = {
  message?: string;
  extensions?: { code?: unknown; reportId?: unknown; field?: unknown; value?: unknown };
};

type GraphqlResponse = {
  data?: Partial<ReportMetricsMutation> | null;
  errors?: GraphqlError[];
};

const AUTH_ERROR_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/** Codes of errors in the request itself, which resending the same request cannot fix. */
const REQUEST_ERROR_CODES = new Set(['INVALID_REPORT', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

/**
 * The generated mutation document, printed once. Every request sends this same text,
 * so the server parses and validates it once and caches the result by text.
 */
export const REPORT_METRICS_QUERY = print(ReportMetricsDocument);

export type ReportClientOptions = {
  /** API base URL; the request goes to `${endpoint}/graphql`. */
  endpoint: string;
  apiKey: string;
  requestTimeoutMs: number;
  userAgent: string;
};

/** Sends reportMetrics mutations over HTTP and classifies every outcome. */
export class ReportClient {
  private readonly url: string;

  constructor(private readonly options: ReportClientOptions) {
    this.url = `${options.endpoint.replace(/\/+$/, '')}/graphql`;
  }

  async send(input: ReportMetricsInput, signal?: AbortSignal): Promise<SendResult> {
    const variables: ReportMetricsMutationVariables = { input };
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs);

    let response: Response;
    let body: GraphqlResponse | null;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.options.apiKey}`,
          'user-agent': this.options.userAgent,
        },
        body: JSON.stringify({ operationName: 'ReportMetrics', query: REPORT_METRICS_QUERY, variables }),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      body = await readJson(response);
    } catch (error) {
      return { kind: 'unavailable', status: null, message: describeFetchError(error) };
    }

    return classifyResponse(response.status, body);
  }
}

/** Maps an HTTP status and GraphQL body to the sender's next step. */
export function classifyResponse(status: number, body: GraphqlResponse | null): SendResult {
  const errors = body?.errors ?? [];
  const firstMessage = errors[0]?.message ?? `HTTP ${status}`;

  if (status === 401 || status === 403 || errors.some((error) => AUTH_ERROR_CODES.has(String(error.extensions?.code)))) {
    return { kind: 'unauthorized', status, message: firstMessage };
  }

  const invalid = errors.find(
    (error) => error.extensions?.code === 'INVALID_REPORT' && typeof error.extensions.reportId === 'string',
  );
  if (invalid?.extensions) {
    return {
      kind: 'invalid-report',
      reportId: String(invalid.extensions.reportId),
      field: invalid.extensions.field,
      value: invalid.extensions.value,
      message: invalid.message ?? 'invalid report',
    };
  }

  if (errors.some((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)))) {
    return { kind: 'rejected', status, message: firstMessage };
  }

  const payload = body?.data?.reportMetrics;
  if (status >= 200 && status < 300 && payload && errors.length === 0) {
    return { kind: 'delivered', payload };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { kind: 'rejected', status, message: firstMessage };
  }
  return { kind: 'unavailable', status, message: firstMessage };
}

async function readJson(response: Response): Promise<GraphqlResponse | null> {
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphqlResponse;
  } catch {
    return null;
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? `${error.name}: ${error.message}`;
  }
  return String(error);
}
