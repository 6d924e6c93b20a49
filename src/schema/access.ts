import { scopeAllows, type Access, type Principal } from '../auth/authenticator.ts';
import type { KeyScope } from '../auth/keys.ts';
import type { GraphQLContext } from '../context.ts';
import { SentinelError } from '../errors.ts';

// For each access, the operations a rejection names, the least scope that grants it, and
// every scope that grants it (as SCOPE_GRANTS in the authenticator defines them).
const ACCESS_NEEDS: Record<Access, { operations: string; scope: KeyScope; scopes: string }> = {
  read: { operations: 'run queries', scope: 'read', scopes: 'read or admin' },
  write: { operations: 'run mutations', scope: 'admin', scopes: 'admin' },
  ingest: { operations: 'report metrics', scope: 'ingest', scopes: 'ingest or admin' },
  keys: { operations: 'list or change API keys', scope: 'admin', scopes: 'admin' },
};

/**
 * Returns the caller, or rejects the request when its key may not perform an operation
 * that needs `access`: read keys query, ingest keys report, admin keys do both, mutate
 * and manage API keys. A rejection names in `required` the least scope that is allowed.
 */
export function requireAccess(ctx: GraphQLContext, access: Access): Principal {
  const principal = ctx.principal;
  if (!principal) {
    throw new SentinelError('UNAUTHENTICATED', 'Missing or invalid API key: send Authorization: Bearer <key>');
  }
  if (!scopeAllows(principal.scope, access)) {
    const needs = ACCESS_NEEDS[access];
    throw new SentinelError('FORBIDDEN', `A key with scope ${principal.scope} may not ${needs.operations}. Use a key with scope ${needs.scopes}.`, {
      scope: principal.scope,
      required: needs.scope,
    });
  }
  return principal;
}
