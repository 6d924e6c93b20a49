import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';

/** Returned by a coercer for a value graphql-js would reject. */
export const REJECTED: unique symbol = Symbol('rejected');

export type InputCoercer = (value: unknown) => unknown;

/**
 * Builds a function that coerces a JSON variable value to `type` as graphql-js's
 * coerceInputValue does, or returns REJECTED. It is made of one small closure per
 * type, built once, and keeps no path: a rejected value is coerced again by graphql-js,
 * whose error names the path and the reason. Anything this function is unsure of
 * (an array where an object is expected) is rejected, so that graphql-js decides.
 *
 * It coerces in place: objects and lists of the value are reused, with the fields
 * whose value changes (a DateTime string becomes a Date) replaced. The value must be
 * the caller's own, freshly parsed JSON; after a rejection it is half coerced and must
 * be dropped, which spares a copy of the whole report per request.
 */
export function compileInputCoercer(type: GraphQLInputType): InputCoercer {
  const built = new Map<GraphQLInputType, InputCoercer>();

  function build(current: GraphQLInputType): InputCoercer {
    const known = built.get(current);
    if (known) return known;

    // Input objects may refer to themselves; the map contains a forwarder until built.
    let target: InputCoercer = () => REJECTED;
    built.set(current, (value) => target(value));
    target = buildNullable(current);
    built.set(current, target);
    return target;
  }

  function buildNullable(current: GraphQLInputType): InputCoercer {
    if (isNonNullType(current)) {
      const inner = build(current.ofType);
      return (value) => (value === null || value === undefined ? REJECTED : inner(value));
    }
    const coerce = buildValue(current);
    return (value) => (value === null ? null : coerce(value));
  }

  function buildValue(current: GraphQLInputType): InputCoercer {
    if (isListType(current)) return listCoercer(build(current.ofType));
    if (isInputObjectType(current)) return objectCoercer(current, build);
    if (isScalarType(current) || isEnumType(current)) return leafCoercer(current);
    return () => REJECTED;
  }

  return build(type);
}

// A single value where a list is expected is a list of that one value.
function listCoercer(item: InputCoercer): InputCoercer {
  return (value) => {
    if (!Array.isArray(value)) {
      const single = item(value);
      return single === REJECTED ? REJECTED : [single];
    }
    for (let index = 0; index < value.length; index++) {
      const original: unknown = value[index];
      const coerced = item(original);
      if (coerced === REJECTED) return REJECTED;
      if (coerced !== original) value[index] = coerced;
    }
    return value;
  };
}

type InputField = { name: string; coerce: InputCoercer; required: boolean; defaultValue: unknown };

function objectCoercer(
  type: Extract<GraphQLInputType, { getFields: unknown }>,
  build: (type: GraphQLInputType) => InputCoercer,
): InputCoercer {
  let fields: InputField[] | undefined;
  let names: Set<string> | undefined;

  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return REJECTED;
    if (!fields) {
      fields = Object.values(type.getFields()).map((field) => ({
        name: field.name,
        coerce: build(field.type),
        required: isNonNullType(field.type),
        defaultValue: field.defaultValue,
      }));
      names = new Set(fields.map((field) => field.name));
    }

    const input = value as Record<string, unknown>;
    let present = 0;
    for (const field of fields) {
      const fieldValue = input[field.name];
      if (fieldValue === undefined) {
        if (field.defaultValue !== undefined) input[field.name] = field.defaultValue;
        else if (field.required) return REJECTED;
        continue;
      }
      present++;
      const coerced = field.coerce(fieldValue);
      if (coerced === REJECTED) return REJECTED;
      if (coerced !== fieldValue) input[field.name] = coerced;
    }

    // More keys than known fields were present means an unknown field.
    if (Object.keys(input).length !== present && hasUnknownKey(input, names!)) return REJECTED;
    return input;
  };
}

function hasUnknownKey(input: Record<string, unknown>, names: Set<string>): boolean {
  for (const key of Object.keys(input)) {
    if (!names.has(key)) return true;
  }
  return false;
}

function leafCoercer(type: { parseValue(value: unknown): unknown }): InputCoercer {
  return (value) => {
    try {
      const parsed = type.parseValue(value);
      return parsed === undefined ? REJECTED : parsed;
    } catch {
      return REJECTED;
    }
  };
}
