import {
  getNamedType,
  GraphQLFloat,
  GraphQLID,
  GraphQLString,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLLeafType,
  type GraphQLNamedOutputType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';
import { jsonString } from '../../json-text.ts';
import { compileJsonWriter, type InlineLeaf } from '../../object-builder.ts';
import { groupByResponseKey, mergedSelectionSet } from './selection.ts';

/**
 * Function that completes a resolver's result onto its selection, as graphql-js would,
 * and returns the JSON text of that response value.
 */
export type ResponseWriter = (source: unknown) => string;

/**
 * One entry of a written object: its response key, how its value's JSON text comes from
 * the source, and for a leaf, how the object's writer may write it in place.
 */
export type WriterStep = { key: string; value: ResponseWriter; inline?: InlineLeaf<unknown> };

/** Thrown when a result does not fit its type: a bug in the resolver, masked as unexpected. */
export class ResultShapeError extends Error {}

/** Builds the writer of a field's result, of any output type, for its selection. */
export function compileFieldWriter(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, coordinate: string): ResponseWriter | null {
  return wrapNamedWriter(type, coordinate, (named) => {
    if (isLeafType(named)) return leafWriter(named, coordinate);
    return selectionSet ? compileObjectWriter(named, selectionSet) : null;
  });
}

/**
 * Builds the writer of a value of `type` from the writer of its named type. The
 * wrappers are completed as graphql-js completes them. Null passes through a nullable
 * type and is an error in a non-null one, and lists are written item by item. Returns
 * null when `write` returns null.
 */
export function wrapNamedWriter(
  type: GraphQLOutputType,
  coordinate: string,
  write: (named: GraphQLNamedOutputType) => ResponseWriter | null,
): ResponseWriter | null {
  const nonNull = isNonNullType(type);
  const nullable = nonNull ? type.ofType : type;
  // The writer of the value once null is ruled out, called directly: each wrapper is a
  // call per value, and a page of 100 hosts writes about 1,000 values.
  const inner = isListType(nullable) ? listWriter(nullable.ofType, coordinate, write) : write(getNamedType(nullable));
  if (!inner) return null;
  if (nonNull) {
    return (value) => {
      if (value === null || value === undefined) throw new ResultShapeError(`${coordinate} is null`);
      return inner(value);
    };
  }
  return (value) => (value === null || value === undefined ? 'null' : inner(value));
}

function listWriter(itemType: GraphQLOutputType, coordinate: string, write: (named: GraphQLNamedOutputType) => ResponseWriter | null): ResponseWriter | null {
  const item = wrapNamedWriter(itemType, coordinate, write);
  if (!item) return null;
  return (value) => {
    if (!Array.isArray(value)) throw new ResultShapeError(`${coordinate} is not a list`);
    return writeList(value, item);
  };
}

/** Writes the JSON text of a list from the texts of its items. */
export function writeList<Item>(items: readonly Item[], write: (item: Item) => string): string {
  let text = '[';
  for (let index = 0; index < items.length; index++) text += (index === 0 ? '' : ',') + write(items[index]!);
  return `${text}]`;
}

/** Returns the step of a __typename field: the type's name as a JSON string, written once. */
export function typenameStep(key: string, typeName: string): WriterStep & { value: () => string } {
  const text = JSON.stringify(typeName);
  return { key, value: () => text };
}

/** Builds the writer of an object from its steps, in their order. */
export function objectWriter(typeName: string, steps: readonly WriterStep[]): ResponseWriter {
  const write = compileJsonWriter(steps);
  return (source) => {
    if (source === null || typeof source !== 'object') throw new ResultShapeError(`${typeName} is not an object`);
    return write(source);
  };
}

const GRAPHQL_MAX_INT = 2_147_483_647;
const GRAPHQL_MIN_INT = -2_147_483_648;

// Writes a leaf value as yoga does: the scalar's or enum's serialize, then JSON.stringify.
// A scalar that cannot serialize a value throws, and graphql-js then nulls that one
// field. The direct executor cannot, so any such error becomes a ResultShapeError,
// which hands the request to yoga.
function serializedLeafWriter(type: GraphQLLeafType, coordinate: string): ResponseWriter {
  return (value) => {
    let serialized: unknown;
    try {
      serialized = type.serialize(value);
    } catch (error) {
      throw new ResultShapeError(`${coordinate} cannot be serialized: ${(error as Error).message}`);
    }
    if (serialized === undefined) throw new ResultShapeError(`${coordinate} cannot be serialized`);
    return typeof serialized === 'string' ? jsonString(serialized) : JSON.stringify(serialized);
  };
}

// Some values are written without calling serialize, because graphql-js would return
// them unchanged: a string for String or ID, a finite number for Float, a 32-bit integer
// for Int, a boolean for Boolean. An enum's internal value maps to its name's text. Any
// other value takes serializedLeafWriter, which gives the same text or error as graphql-js.
function leafWriter(type: GraphQLLeafType, coordinate: string): ResponseWriter {
  const serialized = serializedLeafWriter(type, coordinate);
  if (isEnumType(type)) {
    const names = new Map(type.getValues().map((value) => [value.value, jsonString(value.name)]));
    return (value) => names.get(value) ?? serialized(value);
  }
  if (!isSpecifiedScalarType(type)) return serialized;
  switch (type.name) {
    case 'String':
    case 'ID':
      return (value) => (typeof value === 'string' ? jsonString(value) : serialized(value));
    case 'Float':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : serialized(value));
    case 'Int':
      return (value) => (Number.isInteger(value) && (value as number) <= GRAPHQL_MAX_INT && (value as number) >= GRAPHQL_MIN_INT ? String(value) : serialized(value));
    case 'Boolean':
      return (value) => {
        if (value === true) return 'true';
        if (value === false) return 'false';
        return serialized(value);
      };
    default:
      return serialized;
  }
}

/**
 * Returns how an object's writer may write a field of `type` in place (InlineLeaf), read
 * by `read` and completed by `complete`: strings for String and ID, finite numbers for
 * Float, the values leafWriter writes without serialize. undefined for any other type.
 */
export function inlineLeaf(type: GraphQLOutputType, read: InlineLeaf<unknown>['read'], complete: ResponseWriter): InlineLeaf<unknown> | undefined {
  const named = isNonNullType(type) ? type.ofType : type;
  if (named === GraphQLString || named === GraphQLID) return { read, kind: 'string', complete };
  if (named === GraphQLFloat) return { read, kind: 'number', complete };
  return undefined;
}

/**
 * Builds the writer of `selectionSet` on an object type whose fields are plain
 * properties (no resolvers, as Pothos's simple objects are), or null when the type has
 * anything graphql-js would have to run: resolvers, interfaces or unions. Leaves are
 * serialized by their scalar, fields come out in the order the selection names them,
 * and repeated response keys are merged, as graphql-js does.
 */
function compileObjectWriter(type: GraphQLNamedOutputType, selectionSet: SelectionSetNode): ResponseWriter | null {
  const groups = groupByResponseKey(selectionSet);
  if (!isObjectType(type) || !groups) return null;
  const fields = type.getFields();

  const steps: WriterStep[] = [];
  for (const [key, nodes] of groups) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push(typenameStep(key, type.name));
      continue;
    }
    const field = fields[name];
    if (!field || field.resolve) return null;
    const complete = compileFieldWriter(field.type, mergedSelectionSet(nodes), `${type.name}.${name}`);
    if (!complete) return null;
    steps.push({ key, value: (source) => complete((source as Record<string, unknown>)[name]), inline: inlineLeaf(field.type, name, complete) });
  }
  return objectWriter(type.name, steps);
}
