#!/usr/bin/env node
// Sentinel ships as TypeScript source, so the launcher registers tsx's loader before
// importing the command-line entry point.
import { register } from 'tsx/esm/api';

// Production is the default, as in the Docker image: graphql-js then skips a check
// of every type test against a second copy of itself (about a third of graphql-js's
// variable coercion CPU, bench/ingest/RESULTS.md). An explicit NODE_ENV is kept. It
// is set before the dynamic import because graphql-js reads it when it loads.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/cli.ts');
