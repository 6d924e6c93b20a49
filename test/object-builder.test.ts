import { describe, expect, it } from 'vitest';
import { compileJsonWriter, compileObjectBuilder, type JsonStep } from '../src/object-builder.ts';

describe('compiled object builders', () => {
  it('builds the keys in step order from the source', () => {
    const build = compileObjectBuilder<{ a: number; b: string }>([
      { key: 'second', value: (source) => source.b },
      { key: 'first', value: (source) => source.a * 2 },
      { key: 'none', value: () => null },
    ]);
    const built = build({ a: 21, b: 'x' });
    expect(built).toEqual({ second: 'x', first: 42, none: null });
    expect(Object.keys(built)).toEqual(['second', 'first', 'none']);
  });

  it('writes keys as data', () => {
    const key = '"}; throw new Error("injected"); ({"';
    const build = compileObjectBuilder([{ key, value: () => 1 }, { key: '__proto__', value: () => 2 }]);
    const built = build({});
    expect(built[key]).toBe(1);
    expect(Object.keys(built)).toEqual([key, '__proto__']);
  });

  it('builds an empty object from no steps', () => {
    expect(compileObjectBuilder([])({})).toEqual({});
  });
});

describe('compiled JSON writers', () => {
  it('writes what JSON.stringify writes for the same values', () => {
    const write = compileJsonWriter<{ a: number; b: string }>([
      { key: 'second', value: (source) => JSON.stringify(source.b) },
      { key: 'first', value: (source) => String(source.a * 2) },
      { key: 'none', value: () => 'null' },
    ]);
    expect(write({ a: 21, b: 'x"\n' })).toBe(JSON.stringify({ second: 'x"\n', first: 42, none: null }));
  });

  it('writes keys as data', () => {
    const keys = ['"}; throw new Error("injected"); ({"', "'+'", '__proto__', '\u2028', '\\'];
    const write = compileJsonWriter(keys.map((key, index) => ({ key, value: () => String(index) })));
    expect(JSON.parse(write({}))).toEqual(Object.fromEntries(keys.map((key, index) => [key, index])));
    expect(write({})).toBe(JSON.stringify(Object.fromEntries(keys.map((key, index) => [key, index]))));
  });

  it('writes an empty object from no steps', () => {
    expect(compileJsonWriter([])({})).toBe('{}');
  });

  it('writes inline leaves as their steps do', () => {
    // A leaf writer for strings and numbers, whose steps call it and whose inline leaves fall back to it.
    const complete = (value: unknown) => {
      if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return JSON.stringify(value);
      return value === null || value === undefined ? 'null' : `"other ${typeof value}"`;
    };
    const values: unknown[] = ['plain', 'quote " \\', '\n', 'lone \ud800', '\ud83d\ude00', '', 0, -0, 1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true, {}];
    type Source = { text: unknown; number: unknown };
    const steps: JsonStep<Source>[] = [
      { key: 'text', value: (source) => complete(source.text), inline: { read: 'text', kind: 'string', complete } },
      { key: 'number', value: (source) => complete(source.number), inline: { read: (source) => source.number, kind: 'number', complete } },
    ];
    const inline = compileJsonWriter(steps);
    const called = compileJsonWriter(steps.map(({ key, value }) => ({ key, value })));
    for (const text of values) {
      for (const number of values) {
        const source = { text, number };
        expect(inline(source), `${String(text)} ${String(number)}`).toBe(called(source));
      }
    }
  });
});
