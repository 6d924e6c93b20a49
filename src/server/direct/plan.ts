import {
  GraphQLError,
  isInputType,
  isNonNullType,
  Kind,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GraphQLContext } from '../../context.ts';
import { LruCache } from '../../ingest/lru-cache.ts';
import { MAX_QUERY_TOKENS, queryLimitRules } from '../limits.ts';
import { inlineFragments } from './inline-fragments.ts';
import { compileInputCoercer, type InputCoercer } from './input-coercion.ts';
import { compileFieldProjection, type Projection } from './projection.ts';

/**
 * Runs a planned read: returns the response value of its root field, already projected
 * onto the selection. `args` are the root field's arguments and `variables` the
 * request's coerced variables, for the arguments of nested fields. An expected error
 * (any GraphQLError) hands the request to yoga, which reports it with its path.
 */
export type DirectRead = (ctx: GraphQLContext, args: Record<string, unknown>, variables: Record<string, unknown>) => Promise<unknown>;

/** Plans a root query field for one selection of it; null when graphql-js must run it. */
export type DirectReadCompiler = (field: GraphQLField<unknown, unknown>, node: FieldNode) => DirectRead | null;

/** A variable of a read's document: its coercer, and its default when it has one. */
export type VariablePlan = { name: string; coerce: InputCoercer; required: boolean; defaultValue: unknown };

/** Execution plan of a query document that selects one direct read. */
export type ReadPlan = {
  kind: 'read';
  field: GraphQLField<unknown, unknown>;
  fieldNode: FieldNode;
  responseKey: string;
  operationName: string | undefined;
  variables: VariablePlan[];
  read: DirectRead;
  nonNull: boolean;
};

/** Execution plan of a document that selects one direct mutation, run without graphql-js. */
export type DirectPlan = {
  kind: 'mutation';
  field: GraphQLField<unknown, unknown>;
  fieldNode: FieldNode;
  responseKey: string;
  operationName: string | undefined;
  /** Argument name and the variable that supplies it, with that variable's coercer. */
  arguments: { name: string; variable: string; coerce: InputCoercer; required: boolean }[];
  project: Projection;
  nonNull: boolean;
};

// Documents are small and few (each agent version sends one, each dashboard a handful),
// so a few plans suffice.
const PLAN_CACHE_SIZE = 64;
// The agent's document is about 300 characters; a much longer one is left to yoga.
const MAX_DIRECT_DOCUMENT_LENGTH = 4_096;

const VALIDATION_RULES = [...specifiedRules, ...queryLimitRules()];

/**
 * Decides, once per document text, whether a request can skip graphql-js: the document
 * must be one operation whose only selection is one of `mutations` or `reads`, with no
 * directives, and fragments only on the object type they are spread on (inlined first). A mutation takes every argument from a variable
 * without a default. Everything else (null) runs through yoga, as does any document
 * that fails validation, the depth, cost and alias limits included.
 */
export class DirectPlans {
  private readonly cache = new LruCache<string, DirectPlan | ReadPlan | null>(PLAN_CACHE_SIZE);

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly mutations: ReadonlySet<string>,
    private readonly reads: Readonly<Record<string, DirectReadCompiler>> = {},
  ) {}

  planFor(query: string, operationName: string | undefined): DirectPlan | ReadPlan | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;

    const plan = query.length <= MAX_DIRECT_DOCUMENT_LENGTH ? this.build(query, operationName) : null;
    this.cache.set(key, plan);
    return plan;
  }

  private build(query: string, operationName: string | undefined): DirectPlan | ReadPlan | null {
    let operation: OperationDefinitionNode;
    const fragments = new Map<string, FragmentDefinitionNode>();
    try {
      const document = parse(query, { maxTokens: MAX_QUERY_TOKENS, noLocation: false });
      const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const [definition] = operations;
      if (operations.length !== 1 || !definition || definition.operation === 'subscription') return null;
      if (operationName !== undefined && definition.name?.value !== operationName) return null;
      if (validate(this.schema, document, VALIDATION_RULES).length > 0) return null;
      operation = definition;
    } catch (error) {
      if (error instanceof GraphQLError) return null;
      throw error;
    }

    const rootType = operation.operation === 'mutation' ? this.schema.getMutationType() : this.schema.getQueryType();
    const inlined = rootType && isPlainOperation(operation) ? inlineFragments(operation, rootType, fragments) : null;
    const [selection, ...others] = inlined?.selectionSet.selections ?? [];
    if (!inlined || !selection || others.length > 0 || selection.kind !== Kind.FIELD) return null;
    return inlined.operation === 'mutation' ? this.planMutation(inlined, selection) : this.planRead(inlined, selection);
  }

  private planRead(operation: OperationDefinitionNode, selection: FieldNode): ReadPlan | null {
    const compile = Object.hasOwn(this.reads, selection.name.value) ? this.reads[selection.name.value] : undefined;
    const field = this.schema.getQueryType()?.getFields()[selection.name.value];
    if (!compile || !field) return null;

    const variables: VariablePlan[] = [];
    for (const definition of operation.variableDefinitions ?? []) {
      const type = typeFromAST(this.schema, definition.type);
      if (!type || !isInputType(type)) return null;
      const defaultValue = definition.defaultValue ? valueFromAST(definition.defaultValue, type) : undefined;
      if (definition.defaultValue && defaultValue === undefined) return null;
      variables.push({ name: definition.variable.name.value, coerce: compileInputCoercer(type), required: isNonNullType(type), defaultValue });
    }

    const read = compile(field, selection);
    if (!read) return null;
    return { kind: 'read', ...rootFieldOf(operation, selection, field), variables, read };
  }

  private planMutation(operation: OperationDefinitionNode, selection: FieldNode): DirectPlan | null {
    if (!this.mutations.has(selection.name.value)) return null;
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
    return { kind: 'mutation', ...rootFieldOf(operation, selection, field), arguments: bound, project };
  }
}

// The parts of a plan that describe its one root field.
function rootFieldOf(operation: OperationDefinitionNode, selection: FieldNode, field: GraphQLField<unknown, unknown>) {
  return {
    field,
    fieldNode: selection,
    responseKey: (selection.alias ?? selection.name).value,
    operationName: operation.name?.value,
    nonNull: isNonNullType(field.type),
  };
}

// Directives on the operation or its variables change what runs; those on selections
// are left out by inlineFragments. graphql-js handles them.
function isPlainOperation(operation: OperationDefinitionNode): boolean {
  if ((operation.directives?.length ?? 0) > 0) return false;
  return !(operation.variableDefinitions ?? []).some((definition) => (definition.directives?.length ?? 0) > 0);
}
