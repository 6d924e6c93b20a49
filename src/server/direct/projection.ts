import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLNamedOutputType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';
import { compileObjectBuilder } from '../../object-builder.ts';
import { groupByResponseKey, mergedSelectionSet } from './selection.ts';

/** Function that turns a resolver's result into the response value of its selection. */
export type Projection = (source: unknown) => unknown;

/** One entry of a projected object: its response key, and how its value comes from the source. */
export type ProjectionStep = { key: string; value: Projection };

/** Thrown when a result does not fit its type: a bug in the resolver, masked as unexpected. */
export class ResultShapeError extends Error {}

/** Builds the projection of a field's result, of any output type, for its selection. */
export function compileFieldProjection(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, coordinate: string): Projection | null {
  return wrapNamedProjection(type, coordinate, (named) => {
    if (isLeafType(named)) return serializer(named, coordinate);
    return selectionSet ? compileProjection(named, selectionSet) : null;
  });
}

/**
 * Builds the projection of a value of `type` from the projection of its named type.
 * The wrappers are completed as graphql-js completes them. Null passes through a
 * nullable type and is an error in a non-null one, and lists are projected item by
 * item. Returns null when `project` returns null.
 */
export function wrapNamedProjection(
  type: GraphQLOutputType,
  coordinate: string,
  project: (named: GraphQLNamedOutputType) => Projection | null,
): Projection | null {
  if (isNonNullType(type)) {
    const inner = wrapNamedProjection(type.ofType, coordinate, project);
    if (!inner) return null;
    return (value) => {
      if (value === null || value === undefined) throw new ResultShapeError(`${coordinate} is null`);
      return inner(value);
    };
  }

  const inner = isListType(type) ? listProjection(type.ofType, coordinate, project) : project(getNamedType(type));
  if (!inner) return null;
  return (value) => (value === null || value === undefined ? null : inner(value));
}

function listProjection(
  itemType: GraphQLOutputType,
  coordinate: string,
  project: (named: GraphQLNamedOutputType) => Projection | null,
): Projection | null {
  const item = wrapNamedProjection(itemType, coordinate, project);
  if (!item) return null;
  return (value) => {
    if (!Array.isArray(value)) throw new ResultShapeError(`${coordinate} is not a list`);
    return value.map(item);
  };
}

/** Builds the projection of an object from its steps, in their order. */
export function objectProjection(typeName: string, steps: readonly ProjectionStep[]): Projection {
  const build = compileObjectBuilder(steps);
  return (source) => {
    if (source === null || typeof source !== 'object') throw new ResultShapeError(`${typeName} is not an object`);
    return build(source);
  };
}

function serializer(type: GraphQLNamedOutputType & { serialize(value: unknown): unknown }, coordinate: string): Projection {
  return (value) => {
    const serialized = type.serialize(value);
    if (serialized === undefined) throw new ResultShapeError(`${coordinate} cannot be serialized`);
    return serialized;
  };
}

/**
 * Builds the projection of `selectionSet` on an object type whose fields are plain
 * properties (no resolvers, as Pothos's simple objects are), or null when the type has
 * anything graphql-js would have to run: resolvers, interfaces or unions. Leaves are
 * serialized by their scalar, fields come out in the order the selection names them,
 * and repeated response keys are merged, as graphql-js does.
 */
function compileProjection(type: GraphQLNamedOutputType, selectionSet: SelectionSetNode): Projection | null {
  const groups = groupByResponseKey(selectionSet);
  if (!isObjectType(type) || !groups) return null;
  const fields = type.getFields();

  const steps: ProjectionStep[] = [];
  for (const [key, nodes] of groups) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push({ key, value: () => type.name });
      continue;
    }
    const field = fields[name];
    if (!field || field.resolve) return null;
    const complete = compileFieldProjection(field.type, mergedSelectionSet(nodes), `${type.name}.${name}`);
    if (!complete) return null;
    steps.push({ key, value: (source) => complete((source as Record<string, unknown>)[name]) });
  }
  return objectProjection(type.name, steps);
}
