import {
  coerceInputValue,
  GraphQLError,
  isInputType,
  Kind,
  typeFromAST,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The variable and the part of its value that coercion rejected, as INVALID_ARGUMENT names them. */
type RejectedValue = { field: string; value: unknown };

/**
 * Creates the plugin that gives each error of a rejected variable the INVALID_ARGUMENT
 * code. graphql-js reports these before any resolver runs, with no code: a value of the
 * wrong type, an unknown enum value or input field, a missing required variable. The
 * error keeps its message, locations and HTTP status (400), and gains `variable` (the
 * variable's name), `field` (the path in the variable, such as `input.metric`) and `value`
 * (the rejected value).
 */
export function useVariableErrorCodes(): Plugin {
  const coded = ({ args, result, setResult }: { args: ExecutionArgs; result: ExecutionResult | AsyncIterable<unknown>; setResult: (result: ExecutionResult) => void }) => {
    if (Symbol.asyncIterator in result || !hasVariableErrors(result)) return;
    setResult({ ...result, errors: withVariableErrorCodes(args.schema, result.errors!, args.variableValues ?? {}) });
  };
  // A subscription over HTTP goes through subscribe, whose rejected variables come back
  // as a result instead of a stream, so both hooks give them the code.
  return {
    onExecute: () => ({ onExecuteDone: coded }),
    onSubscribe: () => ({ onSubscribeResult: coded }),
  };
}

/** Returns whether a result has no data because the request's variables were rejected. */
export function hasVariableErrors(result: ExecutionResult): boolean {
  return result.data === undefined && (result.errors ?? []).some((error) => variableDefinitionOf(error) !== null);
}

/**
 * Adds the INVALID_ARGUMENT code, the variable and the rejected value to each error of a
 * variable. Other errors are returned unchanged.
 */
export function withVariableErrorCodes(schema: GraphQLSchema, errors: readonly GraphQLError[], variables: Readonly<Record<string, unknown>>): GraphQLError[] {
  const rejectedByVariable = new Map<VariableDefinitionNode, RejectedValue[]>();
  return errors.map((error) => {
    const definition = variableDefinitionOf(error);
    if (!definition) return error;

    let rejected = rejectedByVariable.get(definition);
    if (!rejected) {
      rejected = rejectedValues(schema, definition, variables);
      rejectedByVariable.set(definition, rejected);
    }
    const name = definition.variable.name.value;
    // graphql-js reports a variable's rejected values in the order coerceInputValue finds
    // them, so each error takes the next one. When none is left, the whole variable is named.
    const { field, value } = rejected.shift() ?? { field: name, value: variables[name] ?? null };
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      originalError: error.originalError,
      extensions: { ...error.extensions, code: 'INVALID_ARGUMENT', variable: name, field, value },
    });
  });
}

// graphql-js locates an error of a variable's value at the variable's definition.
function variableDefinitionOf(error: GraphQLError): VariableDefinitionNode | null {
  const node = error.nodes?.[0];
  return node?.kind === Kind.VARIABLE_DEFINITION ? node : null;
}

// Coerces the variable's value again, this time to learn where it fails. graphql-js's
// errors give the path only inside the message text.
function rejectedValues(schema: GraphQLSchema, definition: VariableDefinitionNode, variables: Readonly<Record<string, unknown>>): RejectedValue[] {
  const name = definition.variable.name.value;
  const type = typeFromAST(schema, definition.type);
  const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (!type || !isInputType(type) || value === undefined || value === null) return [{ field: name, value: value ?? null }];

  const rejected: RejectedValue[] = [];
  coerceInputValue(value, type, (path, invalidValue) => {
    rejected.push({ field: name + path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join(''), value: invalidValue ?? null });
  });
  return rejected;
}
