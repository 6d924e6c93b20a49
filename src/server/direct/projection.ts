import {
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';

/** Function that turns a resolver's result into the response value of its selection. */
export type Projection = (source: unknown) => unknown;

/** Thrown when a result does not fit its type: a bug in the resolver, masked as unexpected. */
export class ResultShapeError extends Error {}

/** Builds the projection of a field's result, of any output type, for its selection. */
export function compileFieldProjection(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, coordinate: string): Projection | null {
  return completer(type, selectionSet, coordinate);
}

/**
 * Builds the projection of `selectionSet` on an object type whose fields are plain
 * properties (no resolvers, as Pothos's simple objects are), or null when the type has
 * anything graphql-js would have to run: resolvers, interfaces or unions. Leaves are
 * serialized by their scalar, fields come out in the order the selection names them,
 * and repeated response keys are merged, as graphql-js does.
 */
function compileProjection(type: unknown, selectionSet: SelectionSetNode): Projection | null {
  if (!isObjectType(type)) return null;
  const fields = type.getFields();

  const byKey = new Map<string, FieldNode[]>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    const key = (selection.alias ?? selection.name).value;
    byKey.set(key, [...(byKey.get(key) ?? []), selection]);
  }

  const steps: { key: string; value: Projection }[] = [];
  for (const [key, nodes] of byKey) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      steps.push({ key, value: () => type.name });
      continue;
    }
    const field = fields[name];
    if (!field || field.resolve) return null;
    const merged: SelectionSetNode | undefined = nodes[0]!.selectionSet && {
      kind: Kind.SELECTION_SET,
      selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []),
    };
    const complete = completer(field.type, merged, `${type.name}.${name}`);
    if (!complete) return null;
    steps.push({ key, value: (source) => complete((source as Record<string, unknown>)[name]) });
  }

  return (source) => {
    if (source === null || typeof source !== 'object') throw new ResultShapeError(`${type.name} is not an object`);
    const result: Record<string, unknown> = {};
    for (const step of steps) result[step.key] = step.value(source);
    return result;
  };
}

function completer(
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  coordinate: string,
): Projection | null {
  if (isNonNullType(type)) {
    const inner = completer(type.ofType, selectionSet, coordinate);
    if (!inner) return null;
    return (value) => {
      if (value === null || value === undefined) throw new ResultShapeError(`${coordinate} is null`);
      return inner(value);
    };
  }

  const inner = nullableCompleter(type, selectionSet, coordinate);
  if (!inner) return null;
  return (value) => (value === null || value === undefined ? null : inner(value));
}

function nullableCompleter(
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  coordinate: string,
): Projection | null {
  if (isListType(type)) {
    const item = completer(type.ofType, selectionSet, coordinate);
    if (!item) return null;
    return (value) => {
      if (!Array.isArray(value)) throw new ResultShapeError(`${coordinate} is not a list`);
      return value.map(item);
    };
  }
  if (isLeafType(type)) {
    return (value) => {
      const serialized = type.serialize(value);
      if (serialized === undefined) throw new ResultShapeError(`${coordinate} cannot be serialized`);
      return serialized;
    };
  }
  return selectionSet ? compileProjection(type, selectionSet) : null;
}
