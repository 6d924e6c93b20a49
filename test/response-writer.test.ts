import { GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLString, type GraphQLLeafType, type GraphQLOutputType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { jsonString } from '../src/json-text.ts';
import { compileFieldWriter, ResultShapeError } from '../src/server/direct/response-writer.ts';

const Status = new GraphQLEnumType({ name: 'Status', values: { ONLINE: { value: 'online' }, OFFLINE: { value: 'offline' }, ZERO: { value: 0 } } });

// Values of every kind, including those the fast paths must pass on to serialize.
const VALUES: unknown[] = [
  'text', '', '42', '1.5', 'online', 'ONLINE', 'quote " and \\ backslash', 'line\nbreak', '\u0000\u001f\u007f', '\u2028\u2029', '\ud83d\ude00', 'lone \ud800 high', 'lone \udc00 low',
  0, -0, 1, -1, 1.5, 2_147_483_647, 2_147_483_648, -2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
  true, false, 10n, null, undefined, {}, [], { valueOf: () => 3 }, new Date(0),
];

// What yoga writes for a leaf: graphql-js's serialize, then JSON.stringify. null when serialize throws.
function expected(type: GraphQLLeafType, value: unknown): string | null {
  try {
    const serialized = type.serialize(value);
    return serialized === undefined ? null : JSON.stringify(serialized);
  } catch {
    return null;
  }
}

function written(type: GraphQLOutputType, value: unknown): string | null {
  const write = compileFieldWriter(type, undefined, 'Test.field')!;
  try {
    return write(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultShapeError);
    return null;
  }
}

describe('leaf writers', () => {
  for (const type of [GraphQLString, GraphQLID, GraphQLInt, GraphQLFloat, GraphQLBoolean, Status]) {
    it(`write ${type.name} values as graphql-js serializes them, and fail where it fails`, () => {
      for (const value of VALUES) {
        if (value === null || value === undefined) continue;
        expect(written(new GraphQLNonNull(type), value), `${type.name} ${String(value)}`).toBe(expected(type, value));
        expect(written(type, value), `${type.name} ${String(value)}`).toBe(expected(type, value));
      }
    });
  }

  it('write or reject null by nullability', () => {
    for (const type of [GraphQLString, GraphQLFloat, Status]) {
      expect(written(type, null)).toBe('null');
      expect(written(type, undefined)).toBe('null');
      expect(written(new GraphQLNonNull(type), null)).toBeNull();
    }
  });

  it('write lists item by item', () => {
    expect(written(new GraphQLList(GraphQLFloat), [1.5, null, 2])).toBe('[1.5,null,2]');
    expect(written(new GraphQLList(new GraphQLNonNull(GraphQLFloat)), [1.5, null])).toBeNull();
    expect(written(new GraphQLNonNull(new GraphQLList(Status)), ['online', 'offline'])).toBe('["ONLINE","OFFLINE"]');
  });
});

describe('jsonString', () => {
  it('writes every string as JSON.stringify does', () => {
    const samples = [...VALUES.filter((value): value is string => typeof value === 'string'), 'a\ud83d', '\ude00b', '\ud83d\ud83d\ude00'];
    // Every UTF-16 code unit alone and after a high surrogate.
    for (let code = 0; code <= 0xffff; code++) samples.push(String.fromCharCode(code), `\ud83d${String.fromCharCode(code)}`);
    for (const text of samples) expect(jsonString(text)).toBe(JSON.stringify(text));
  });
});
