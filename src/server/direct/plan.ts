import {
  GraphQLError,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  validate,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { LruCache } from '../../ingest/lru-cache.ts';
import { MAX_QUERY_ALIASES, MAX_QUERY_TOKENS } from '../limits.ts';
import { compileInputCoercer, type InputCoercer } from './input-coercion.ts';
import { compileFieldProjection, type Projection } from './projection.ts';

/** Execution plan of a document that selects one direct field, run without graphql-js. */
export type DirectPlan = {
  field: GraphQLField<unknown, unknown>;
  fieldNode: FieldNode;
  responseKey: string;
  operationName: string | undefined;
  /** Argument name and the variable that supplies it, with that variable's coercer. */
  arguments: { name: string; variable: string; coerce: InputCoercer; required: boolean }[];
  project: Projection;
  nonNull: boolean;
};

// Documents are small and few (each agent version sends one), so a few plans suffice.
const PLAN_CACHE_SIZE = 32;
// The agent's document is about 300 characters; a much longer one is not the agent's.
const MAX_DIRECT_DOCUMENT_LENGTH = 4_096;

/**
 * Decides, once per document text, whether a request can skip graphql-js: the document
 * must be one mutation whose only selection is one of `rootFields`, every argument a
 * variable without a default, and no fragments or directives anywhere. Everything else
 * (null) runs through yoga, as does any request whose document fails validation.
 */
export class DirectPlans {
  private readonly cache = new LruCache<string, DirectPlan | null>(PLAN_CACHE_SIZE);

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rootFields: ReadonlySet<string>,
  ) {}

  planFor(query: string, operationName: string | undefined): DirectPlan | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;

    const plan = query.length <= MAX_DIRECT_DOCUMENT_LENGTH ? this.build(query, operationName) : null;
    this.cache.set(key, plan);
    return plan;
  }

  private build(query: string, operationName: string | undefined): DirectPlan | null {
    let operation: OperationDefinitionNode;
    try {
      const document = parse(query, { maxTokens: MAX_QUERY_TOKENS, noLocation: false });
      if (document.definitions.length !== 1) return null;
      const [definition] = document.definitions;
      if (definition?.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'mutation') return null;
      if (operationName !== undefined && definition.name?.value !== operationName) return null;
      if (validate(this.schema, document).length > 0) return null;
      operation = definition;
    } catch (error) {
      if (error instanceof GraphQLError) return null;
      throw error;
    }

    const [selection, ...others] = operation.selectionSet.selections;
    if (!selection || others.length > 0 || selection.kind !== Kind.FIELD) return null;
    if (!this.rootFields.has(selection.name.value) || !isPlainSelection(operation)) return null;

    const field = this.schema.getMutationType()?.getFields()[selection.name.value];
    if (!field || !selection.selectionSet) return null;

    const variableTypes = new Map(
      (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition]),
    );
    if ([...variableTypes.values()].some((definition) => definition.defaultValue)) return null;

    const bound: DirectPlan['arguments'] = [];
    for (const argument of selection.arguments ?? []) {
      if (argument.value.kind !== Kind.VARIABLE) return null;
      const definition = variableTypes.get(argument.value.name.value);
      const type = definition && typeFromAST(this.schema, definition.type);
      const argumentDefinition = field.args.find((candidate) => candidate.name === argument.name.value);
      if (!type || !argumentDefinition) return null;
      bound.push({
        name: argument.name.value,
        variable: argument.value.name.value,
        coerce: compileInputCoercer(type as never),
        required: isNonNullType(argumentDefinition.type),
      });
    }

    const project = compileFieldProjection(field.type, selection.selectionSet, `Mutation.${field.name}`);
    if (!project) return null;
    return {
      field,
      fieldNode: selection,
      responseKey: (selection.alias ?? selection.name).value,
      operationName: operation.name?.value,
      arguments: bound,
      project,
      nonNull: isNonNullType(field.type),
    };
  }
}

// Directives (@include, @skip and any custom one) and fragments change what runs, and
// many aliases are what the limits plugin rejects: graphql-js and that plugin handle them.
function isPlainSelection(operation: OperationDefinitionNode): boolean {
  if ((operation.directives?.length ?? 0) > 0) return false;
  if ((operation.variableDefinitions ?? []).some((definition) => (definition.directives?.length ?? 0) > 0)) return false;
  let aliases = 0;
  const pending = [...operation.selectionSet.selections];
  while (pending.length > 0) {
    const selection = pending.pop()!;
    if (selection.kind !== Kind.FIELD || (selection.directives?.length ?? 0) > 0) return false;
    if (selection.alias && ++aliases > MAX_QUERY_ALIASES) return false;
    if (selection.selectionSet) pending.push(...selection.selectionSet.selections);
  }
  return true;
}
