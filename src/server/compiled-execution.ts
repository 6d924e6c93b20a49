import {
  getOperationAST,
  GraphQLError,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

type Compiled = { query: CompiledQuery; operation: OperationDefinitionNode } | null;

/**
 * Runs the operations whose root fields are all in `rootFields` with graphql-jit: the
 * document is compiled once, and variable coercion and execution are generated code
 * instead of graphql-js walking the input types. Everything else runs on graphql-js.
 *
 * When the compiled coercion rejects the variables, the request runs again on
 * graphql-js, so an invalid value is reported with graphql-js's message, which names
 * the path inside the variable (`input.reports[0].system.cpuUsagePercent`) and the
 * scalar's own reason. A valid request pays for one coercion only. Errors raised while
 * executing get the location of their field, as graphql-js gives them.
 */
export function useCompiledExecution(rootFields: ReadonlySet<string>): Plugin {
  const cache = new WeakMap<DocumentNode, Map<string, Compiled>>();

  function compiledFor(args: ExecutionArgs): Compiled {
    let byOperation = cache.get(args.document);
    if (!byOperation) {
      byOperation = new Map();
      cache.set(args.document, byOperation);
    }
    const name = args.operationName ?? '';
    if (byOperation.has(name)) return byOperation.get(name)!;

    const operation = getOperationAST(args.document, args.operationName);
    let compiled: Compiled = null;
    if (operation && selectsOnly(operation, rootFields)) {
      const query = compileQuery(args.schema, args.document, args.operationName ?? undefined);
      // A document graphql-jit cannot compile runs on graphql-js, which reports its errors.
      compiled = isCompiledQuery(query) ? { query, operation } : null;
    }
    byOperation.set(name, compiled);
    return compiled;
  }

  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const compiled = compiledFor(args);
      if (!compiled) return;
      setExecuteFn(async (executeArgs) => {
        const result = await compiled.query.query(executeArgs.rootValue, executeArgs.contextValue, executeArgs.variableValues);
        // No data at all means the variables were rejected before any resolver ran.
        if (result.data === undefined) return executeFn(executeArgs);
        return result.errors ? { ...result, errors: result.errors.map((error) => located(error, compiled.operation)) } : result;
      });
    },
  };
}

function selectsOnly(operation: OperationDefinitionNode, rootFields: ReadonlySet<string>): boolean {
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && rootFields.has(selection.name.value));
}

// graphql-jit's errors carry locations but not the AST nodes, and yoga serializes an
// error's locations from its nodes: without them the locations are lost.
function located(error: GraphQLError, operation: OperationDefinitionNode): GraphQLError {
  if (!error.path) return error;
  const field = fieldAt(operation, error.path);
  if (!field) return error;
  return new GraphQLError(error.message, { nodes: [field], path: error.path, originalError: error.originalError ?? undefined });
}

// NOTE: a field selected through a fragment is not found, and its error stays without
// a location.
function fieldAt(operation: OperationDefinitionNode, path: ReadonlyArray<string | number>): FieldNode | undefined {
  let selections = operation.selectionSet.selections;
  let field: FieldNode | undefined;
  for (const key of path) {
    if (typeof key === 'number') continue;
    field = selections.find((selection): selection is FieldNode => selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === key);
    if (!field) return undefined;
    selections = field.selectionSet?.selections ?? [];
  }
  return field;
}
