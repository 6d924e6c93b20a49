import { scopeAllows, type Principal } from '../auth/authenticator.ts';
import type { GraphQLContext } from '../context.ts';
import { SentinelError } from '../errors.ts';

/**
 * Returns the caller, or rejects the request when its key may not perform an operation
 * that needs `access`: read keys query, ingest keys report, admin keys do both and mutate.
 */
export function requireAccess(ctx: GraphQLContext, access: 'read' | 'write' | 'ingest'): Principal {
  const principal = ctx.principal;
  if (!principal) {
    throw new SentinelError('UNAUTHENTICATED', 'Missing or invalid API key: send Authorization: Bearer <key>');
  }
  if (!scopeAllows(principal.scope, access)) {
    throw new SentinelError('FORBIDDEN', `A key with scope ${principal.scope} may not perform ${access} operations`, {
      scope: principal.scope,
      required: access,
    });
  }
  return principal;
}
