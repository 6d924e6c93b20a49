import { Kind, valueFromAST, GraphQLBoolean, type DocumentNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

// One @include or @skip of a selection: whether it includes, and its `if` as a literal
// or the variable that supplies it, with that variable's default.
type Condition = { include: boolean; literal: boolean | undefined; variable: string | undefined; defaultValue: boolean | undefined };

/** The selections of a document that carry @include or @skip, in document order, with their conditions. */
export type ConditionalSelections = { index: ReadonlyMap<SelectionNode, number>; conditions: readonly Condition[][] };

/**
 * Finds every selection of the operation and the fragments that carries a directive.
 * Returns null when one carries any directive other than @include and @skip, or an
 * `if` that is neither a boolean literal nor a variable: graphql-js runs those.
 */
export function collectConditions(document: DocumentNode, operation: OperationDefinitionNode): ConditionalSelections | null {
  const defaults = new Map<string, boolean | undefined>();
  for (const definition of operation.variableDefinitions ?? []) {
    const value = definition.defaultValue ? valueFromAST(definition.defaultValue, GraphQLBoolean) : undefined;
    defaults.set(definition.variable.name.value, typeof value === 'boolean' ? value : undefined);
  }

  const index = new Map<SelectionNode, number>();
  const conditions: Condition[][] = [];
  const visit = (selectionSet: SelectionSetNode | undefined): boolean => {
    for (const selection of selectionSet?.selections ?? []) {
      if ((selection.directives?.length ?? 0) > 0) {
        const parsed = selection.directives!.map((directive): Condition | null => {
          const name = directive.name.value;
          const argument = directive.arguments?.length === 1 ? directive.arguments[0] : undefined;
          if ((name !== 'include' && name !== 'skip') || argument?.name.value !== 'if') return null;
          if (argument.value.kind === Kind.BOOLEAN) return { include: name === 'include', literal: argument.value.value, variable: undefined, defaultValue: undefined };
          if (argument.value.kind !== Kind.VARIABLE) return null;
          const variable = argument.value.name.value;
          return { include: name === 'include', literal: undefined, variable, defaultValue: defaults.get(variable) };
        });
        if (parsed.some((condition) => condition === null)) return false;
        index.set(selection, conditions.length);
        conditions.push(parsed as Condition[]);
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD && !visit(selection.selectionSet)) return false;
    }
    return true;
  };

  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (definition.kind === Kind.OPERATION_DEFINITION && definition !== operation) continue;
    if (!visit(definition.selectionSet)) return null;
  }
  return { index, conditions };
}

/**
 * Evaluates the conditions with the request's variables: one character per selection,
 * '1' when it is included. Returns null when a condition's value is not a boolean (a
 * missing variable without default, or null), which graphql-js decides.
 */
export function conditionMask(selections: ConditionalSelections, variables: Record<string, unknown> | undefined): string | null {
  let mask = '';
  for (const conditions of selections.conditions) {
    let included = true;
    for (const condition of conditions) {
      const variableValue = condition.variable !== undefined && variables && Object.hasOwn(variables, condition.variable) ? variables[condition.variable] : undefined;
      const value = condition.literal ?? (variableValue === undefined ? condition.defaultValue : variableValue);
      if (typeof value !== 'boolean') return null;
      if (value !== condition.include) included = false;
    }
    mask += included ? '1' : '0';
  }
  return mask;
}
