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
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import type { GraphQLContext } from '../../context.ts';
import { LruCache } from '../../ingest/lru-cache.ts';
import { MAX_QUERY_TOKENS, queryLimitRules } from '../limits.ts';
import { collectConditions, conditionMask, type ConditionalSelections } from './conditions.ts';
import { inlineFragments } from './inline-fragments.ts';
import { compileInputCoercer, type InputCoercer } from './input-coercion.ts';
import { compileFieldWriter, type ResponseWriter } from './response-writer.ts';

/**
 * Runs a planned read: returns the JSON text of its root field's response value,
 * completed onto the selection. `args` are the root field's arguments and `variables`
 * the request's coerced variables, for the arguments of nested fields. An expected error
 * (any GraphQLError) hands the request to yoga, which reports it with its path.
 */
export type DirectRead = (ctx: GraphQLContext, args: Record<string, unknown>, variables: Record<string, unknown>) => Promise<string>;

/** Plans a root query field for one selection of it; null when graphql-js must run it. */
export type DirectReadCompiler = (field: GraphQLField<unknown, unknown>, node: FieldNode) => DirectRead | null;

/** A variable of a read's document: its coercer, and its default when it has one. */
export type VariablePlan = { name: string; coerce: InputCoercer; required: boolean; defaultValue: unknown };

/** The one root field of a planned document, with its key in the response. */
type RootFieldPlan = {
  field: GraphQLField<unknown, unknown>;
  fieldNode: FieldNode;
  responseKey: string;
  operationName: string | undefined;
  nonNull: boolean;
};

/** Execution plan of a query document that selects one direct read. */
export type ReadPlan = RootFieldPlan & { kind: 'read'; variables: VariablePlan[]; read: DirectRead };

/** Execution plan of a document that selects one direct mutation, run without graphql-js. */
export type DirectPlan = RootFieldPlan & {
  kind: 'mutation';
  /** Argument name and the variable that supplies it, with that variable's coercer. */
  arguments: { name: string; variable: string; coerce: InputCoercer; required: boolean }[];
  write: ResponseWriter;
};

// Documents are small and few (each agent version sends one, each dashboard a handful),
// so a few plans suffice.
const PLAN_CACHE_SIZE = 64;
// The agent's document is about 300 characters; a much longer one is left to yoga.
const MAX_DIRECT_DOCUMENT_LENGTH = 4_096;

const VALIDATION_RULES = [...specifiedRules, ...queryLimitRules()];

type Plan = DirectPlan | ReadPlan;

// The parsed form of a document text, or null when graphql-js must run it. A document
// without @include or @skip has one plan, and one with them a plan per combination of conditions.
type DocumentEntry = {
  operation: OperationDefinitionNode;
  rootType: GraphQLObjectType;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  selections: ConditionalSelections;
  variants: LruCache<string, Plan | null>;
} | null;

// A document's conditions take few combinations in practice (a dashboard toggles a panel or two).
const VARIANTS_PER_DOCUMENT = 8;

/**
 * Decides, once per document text, whether a request can skip graphql-js: the document
 * must be one operation whose only selection is one of `mutations` or `reads`. Its
 * fragments must be on the object type they are spread on (they are inlined first),
 * and its only directives @include and @skip, whose selections are kept or left out
 * per request before planning. A mutation takes every argument from a variable without
 * a default. Everything else (null) runs through yoga, as does any document that fails
 * validation, the depth, cost and alias limits included.
 */
export class DirectPlans {
  private readonly cache = new LruCache<string, DocumentEntry>(PLAN_CACHE_SIZE);

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly mutations: ReadonlySet<string>,
    private readonly reads: Readonly<Record<string, DirectReadCompiler>> = {},
  ) {}

  /** Returns the plan of a request's document for its variables, or null to leave it to yoga. */
  planFor(query: string, operationName: string | undefined, variables?: Record<string, unknown>): Plan | null {
    const key = `${operationName ?? ''}\u0000${query}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      entry = query.length <= MAX_DIRECT_DOCUMENT_LENGTH ? this.parseDocument(query, operationName) : null;
      this.cache.set(key, entry);
    }
    if (!entry) return null;

    const mask = conditionMask(entry.selections, variables);
    if (mask === null) return null;
    let plan = entry.variants.get(mask);
    if (plan === undefined) {
      const { index } = entry.selections;
      plan = this.planOperation(entry, (selection) => mask[index.get(selection)!] === '1');
      entry.variants.set(mask, plan);
    }
    return plan;
  }

  private parseDocument(query: string, operationName: string | undefined): DocumentEntry {
    try {
      const document = parse(query, { maxTokens: MAX_QUERY_TOKENS, noLocation: false });
      const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const [operation] = operations;
      if (operations.length !== 1 || !operation || operation.operation === 'subscription') return null;
      if (operationName !== undefined && operation.name?.value !== operationName) return null;
      if (validate(this.schema, document, VALIDATION_RULES).length > 0) return null;

      const rootType = operation.operation === 'mutation' ? this.schema.getMutationType() : this.schema.getQueryType();
      const selections = collectConditions(document, operation);
      if (!rootType || !selections || !isPlainOperation(operation)) return null;
      return { operation, rootType, fragments, selections, variants: new LruCache(VARIANTS_PER_DOCUMENT) };
    } catch (error) {
      if (error instanceof GraphQLError) return null;
      throw error;
    }
  }

  private planOperation(entry: NonNullable<DocumentEntry>, included: (selection: SelectionNode) => boolean): Plan | null {
    const inlined = inlineFragments(entry.operation, entry.rootType, entry.fragments, included);
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

    const write = compileFieldWriter(field.type, selection.selectionSet, `Mutation.${field.name}`);
    if (!write) return null;
    return { kind: 'mutation', ...rootFieldOf(operation, selection, field), arguments: bound, write };
  }
}

// The parts of a plan that describe its one root field.
function rootFieldOf(operation: OperationDefinitionNode, selection: FieldNode, field: GraphQLField<unknown, unknown>): RootFieldPlan {
  return {
    field,
    fieldNode: selection,
    responseKey: (selection.alias ?? selection.name).value,
    operationName: operation.name?.value,
    nonNull: isNonNullType(field.type),
  };
}

// Directives on the operation or its variables change what runs, so graphql-js handles
// them. Those on selections are resolved by conditionMask and inlineFragments.
function isPlainOperation(operation: OperationDefinitionNode): boolean {
  if ((operation.directives?.length ?? 0) > 0) return false;
  return !(operation.variableDefinitions ?? []).some((definition) => (definition.directives?.length ?? 0) > 0);
}
