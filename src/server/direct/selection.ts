import { Kind, type FieldNode, type SelectionSetNode } from 'graphql';

/**
 * Groups the fields of a selection by response key, in the order graphql-js completes
 * them. Returns null when the selection contains a fragment or a directive, which the
 * direct executor leaves to graphql-js.
 */
export function groupByResponseKey(selectionSet: SelectionSetNode): Map<string, FieldNode[]> | null {
  const groups = new Map<string, FieldNode[]>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || (selection.directives?.length ?? 0) > 0) return null;
    const key = (selection.alias ?? selection.name).value;
    groups.set(key, [...(groups.get(key) ?? []), selection]);
  }
  return groups;
}

/** Merges the sub-selections of fields that share a response key, as graphql-js does. */
export function mergedSelectionSet(nodes: readonly FieldNode[]): SelectionSetNode | undefined {
  if (!nodes[0]?.selectionSet) return undefined;
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []) };
}

/** Tells whether any of the fields is given arguments in the document. */
export function hasArguments(nodes: readonly FieldNode[]): boolean {
  return nodes.some((node) => (node.arguments?.length ?? 0) > 0);
}
