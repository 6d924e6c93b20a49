import { GraphQLError } from 'graphql';

/**
 * Stable codes of the errors a client is expected to handle. Any other error is
 * masked by the server as an unexpected one and logged.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_ARGUMENT'
  | 'QUERY_TOO_COMPLEX'
  | 'INVALID_REPORT'
  | 'HOST_NOT_FOUND'
  | 'NOT_FOUND'
  | 'CONFLICT';

/** An expected error: it reaches the client with its code and the offending field and value. */
export class SentinelError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export function invalidArgument(field: string, value: unknown, reason: string): SentinelError {
  return new SentinelError('INVALID_ARGUMENT', `Invalid ${field} ${JSON.stringify(value)}: ${reason}`, {
    field,
    value,
  });
}
