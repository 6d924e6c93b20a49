import {
  getNamedType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Returns the operation with every fragment spread and inline fragment replaced by its
 * fields, in place, which is the order graphql-js collects them in. Frontends build
 * their queries from fragments, and this lets the direct executor plan them. A
 * selection with directives (@include or @skip) is kept, without them, when
 * `included` returns true for it, and left out otherwise. Returns null when a fragment's type
 * condition is not exactly the object type it is spread on (an interface or union
 * needs graphql-js to pick the fields per object). The document must have passed
 * validation, which rules out unknown fragments and cycles.
 */
export function inlineFragments(
  operation: OperationDefinitionNode,
  rootType: GraphQLObjectType,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  included: (selection: SelectionNode) => boolean,
): OperationDefinitionNode | null {
  const inline = (selectionSet: SelectionSetNode, parentType: GraphQLObjectType): SelectionSetNode | null => {
    const selections: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      if ((selection.directives?.length ?? 0) > 0 && !included(selection)) continue;

      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet) {
          selections.push({ ...selection, directives: [] });
          continue;
        }
        const fieldType = parentType.getFields()[selection.name.value]?.type;
        const namedType = fieldType && getNamedType(fieldType);
        const inner = namedType && isObjectType(namedType) ? inline(selection.selectionSet, namedType) : null;
        if (!inner) return null;
        selections.push({ ...selection, directives: [], selectionSet: inner });
        continue;
      }

      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      const condition = fragment?.typeCondition?.name.value;
      if (!fragment || (condition !== undefined && condition !== parentType.name)) return null;
      const inner = inline(fragment.selectionSet, parentType);
      if (!inner) return null;
      selections.push(...inner.selections);
    }
    return { kind: Kind.SELECTION_SET, selections };
  };

  const selectionSet = inline(operation.selectionSet, rootType);
  return selectionSet ? { ...operation, selectionSet } : null;
}
