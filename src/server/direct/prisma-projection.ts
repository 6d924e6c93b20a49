import {
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';
import { compileFieldWriter, inlineLeaf, objectWriter, typenameStep, wrapNamedWriter, type ResponseWriter, type WriterStep } from './response-writer.ts';
import { selectsInstants } from '../../db/model-json.ts';
import { groupByResponseKey, hasArguments, mergedSelectionSet } from './selection.ts';

/**
 * Marks a field of a Prisma object whose resolver reads nothing but its parent, the
 * columns named by its `select`: the direct executor may call it with the parent alone.
 * Set it as the field's `extensions`.
 */
export const READS_PARENT_ONLY = { readsParentOnly: true } as const;

/** A Prisma select, as the Pothos Prisma plugin builds it. */
export type PrismaSelect = Record<string, unknown>;

/**
 * The select that loads what a selection reads, and the writer of a loaded row's
 * response text. `steps` writes each response key alone, for a caller that writes the
 * keys among others of its own.
 */
export type PrismaObjectWriter = {
  select: PrismaSelect;
  write: ResponseWriter;
  steps: readonly WriterStep[];
  /**
   * Whether a READS_PARENT_ONLY resolver of the selection reads a DateTime column. The
   * caller may load instants as ISO text (INSTANTS_AS_TEXT_TYPES) only when none does,
   * because resolvers are written for the Dates Prisma returns.
   */
  resolversReadInstants: boolean;
};

type RelationSelect = (args: object, context: unknown, nested: (query: unknown) => unknown) => unknown;

// The Pothos Prisma plugin stores its description of a field in the field's extensions.
type PothosFieldExtensions = {
  pothosExposedField?: string;
  pothosPrismaRelationField?: { name: string };
  pothosPrismaSelect?: PrismaSelect | RelationSelect;
  pothosOriginalResolve?: (parent: unknown, args: object, context: unknown, info: unknown) => unknown;
  readsParentOnly?: boolean;
};

/** Thrown while compiling when a selection needs more than the direct executor covers. */
class Unsupported extends Error {}

/**
 * Compiles a selection on an object type of the Pothos Prisma plugin into the Prisma
 * select that loads it and a writer that completes a loaded row as graphql-js would
 * and writes its JSON text. Three kinds of fields are covered: exposed columns, relations without
 * arguments whose query is a plain object, and fields marked READS_PARENT_ONLY. Returns
 * null for anything else (arguments, a field that needs the context, fragments), which
 * the caller leaves to graphql-js.
 */
export function compilePrismaObject(type: GraphQLObjectType, selectionSet: SelectionSetNode): PrismaObjectWriter | null {
  try {
    return compileObject(type, selectionSet);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

function compileObject(type: GraphQLObjectType, selectionSet: SelectionSetNode): PrismaObjectWriter {
  const model = (type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel;
  if (!model) throw new Unsupported(`${type.name} is not a Prisma object`);
  // Only the columns the selection reads: the columns a type always loads for the
  // plugin (its own select, or all of them in include mode) serve the plugin's loaders.
  const select: PrismaSelect = {};

  const steps: WriterStep[] = [];
  let resolversReadInstants = false;
  const groups = groupByResponseKey(selectionSet);
  if (!groups) throw new Unsupported('fragment or directive');
  for (const [key, nodes] of groups) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push(typenameStep(key, type.name));
      continue;
    }
    const field = type.getFields()[name];
    if (!field || field.args.length > 0 || hasArguments(nodes)) throw new Unsupported(`${type.name}.${name}`);
    const merged = mergedSelectionSet(nodes);
    const compiled = compileField(model, field, merged, `${type.name}.${name}`);
    mergeSelect(select, compiled.select);
    steps.push({ key, value: compiled.value, inline: compiled.inline });
    resolversReadInstants ||= compiled.resolversReadInstants;
  }

  return { select, write: objectWriter(type.name, steps), steps, resolversReadInstants };
}

type CompiledField = { select: PrismaSelect; value: ResponseWriter; inline?: WriterStep['inline']; resolversReadInstants: boolean };

function compileField(model: string, field: GraphQLField<unknown, unknown>, selectionSet: SelectionSetNode | undefined, coordinate: string): CompiledField {
  const extensions = field.extensions as PothosFieldExtensions;
  const fieldSelect = extensions.pothosPrismaSelect;

  if (extensions.pothosPrismaRelationField) {
    const relatedType = getNamedType(field.type);
    if (typeof fieldSelect !== 'function' || !selectionSet || !isObjectType(relatedType)) throw new Unsupported(coordinate);
    const related = compileObject(relatedType, selectionSet);
    const select = fieldSelect({}, undefined, (query) => {
      // A query that depends on the arguments or the context is planned per request by the plugin.
      if (typeof query === 'function') throw new Unsupported(coordinate);
      return { ...(query as object), select: related.select };
    }) as { select?: PrismaSelect };
    if (!select.select) throw new Unsupported(coordinate);
    const name = extensions.pothosPrismaRelationField.name;
    const value = wrapNamedWriter(field.type, coordinate, () => related.write)!;
    return { select: select.select, value: (source) => value((source as Record<string, unknown>)[name]), resolversReadInstants: related.resolversReadInstants };
  }

  if (typeof fieldSelect === 'function') throw new Unsupported(coordinate);
  if (extensions.pothosExposedField !== undefined) {
    // A type in include mode gives its exposed fields no select of their own.
    const property = extensions.pothosExposedField;
    const complete = completion(field.type, selectionSet, coordinate);
    return {
      select: { ...fieldSelect, [property]: true },
      value: (source) => complete((source as Record<string, unknown>)[property]),
      inline: inlineLeaf(field.type, property, complete),
      resolversReadInstants: false,
    };
  }

  const resolve = extensions.pothosOriginalResolve;
  if (extensions.readsParentOnly && resolve && fieldSelect) {
    const complete = completion(field.type, selectionSet, coordinate);
    const read = (source: unknown) => resolve(source, {}, undefined, undefined);
    return {
      select: fieldSelect,
      value: (source) => complete(read(source)),
      inline: inlineLeaf(field.type, read, complete),
      resolversReadInstants: selectsInstants(model, fieldSelect),
    };
  }
  throw new Unsupported(coordinate);
}

function completion(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, coordinate: string): ResponseWriter {
  const complete = compileFieldWriter(type, selectionSet, coordinate);
  if (!complete) throw new Unsupported(coordinate);
  return complete;
}

/**
 * Merges `source` into `target`: columns are unions, relations merge their selects, and
 * the rest of a relation's query (its order) must agree, or the two fields could not
 * share one load.
 */
function mergeSelect(target: PrismaSelect, source: PrismaSelect): void {
  for (const [name, value] of Object.entries(source)) {
    const existing = target[name];
    if (existing === undefined || existing === false) {
      target[name] = typeof value === 'object' && value !== null ? structuredClone(value) : value;
      continue;
    }
    if (value === true && existing === true) continue;
    if (!isQuery(existing) || !isQuery(value)) throw new Unsupported(`select of ${name}`);

    const { select: existingSelect, ...existingRest } = existing;
    const { select: valueSelect, ...valueRest } = value;
    if (JSON.stringify(existingRest) !== JSON.stringify(valueRest) || !isQuery(existingSelect) || !isQuery(valueSelect)) throw new Unsupported(`query of ${name}`);
    mergeSelect(existingSelect, valueSelect);
  }
}

function isQuery(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
