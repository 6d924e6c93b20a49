import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for the operations that clients inside this repository send: the agent's
// report mutation and the queries behind the MCP tools. The schema comes from
// schema.graphql, which `npm run codegen` rewrites from the Pothos schema first.

const operationTypes = {
  plugins: ['typescript-operations', 'typed-document-node'],
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    avoidOptionals: { field: true, inputValue: false },
    scalars: {
      BigInt: { input: 'number | string', output: 'number | string' },
      DateTime: { input: 'string', output: 'string' },
      JSONObject: { input: 'Record<string, unknown>', output: 'Record<string, unknown>' },
    },
  },
};

const config: CodegenConfig = {
  schema: 'schema.graphql',
  overwrite: true,
  generates: {
    'agent/src/generated/graphql.ts': { documents: ['agent/src/**/*.graphql'], ...operationTypes },
    'src/mcp/generated/graphql.ts': { documents: ['src/mcp/operations/*.graphql'], ...operationTypes },
  },
};

export default config;
