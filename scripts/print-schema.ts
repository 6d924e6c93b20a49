// Writes the GraphQL schema to schema.graphql at the repository root. Codegen types
// the agent's and the MCP tools' operations from that file, and a test fails when it
// is stale, so run `npm run codegen` after changing the schema.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { buildSchema } from '../src/schema/index.ts';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');
writeFileSync(target, `${printSchema(buildSchema())}\n`);
console.log(`Wrote ${target}`);
