import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../src/schema/index.ts';

describe('schema.graphql', () => {
  it('matches the schema the server builds', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    // When this fails, run `npm run codegen` and commit schema.graphql and the generated types.
    expect(committed).toBe(`${printSchema(buildSchema())}\n`);
  });
});
