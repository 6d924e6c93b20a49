#!/usr/bin/env -S node --max-semi-space-size=64
// Sentinel ships as TypeScript source, so the launcher registers tsx's loader before
// importing the command-line entry point. The shebang gives the API a 64 MB young
// generation, which cut its CPU per report by a sixth (bench/ingest/RESULTS.md); when
// started as `node bin/sentinel.js`, pass --max-semi-space-size=64 to node yourself.
import { register } from 'tsx/esm/api';

// Production is the default, as in the Docker image: graphql-js then skips a check
// of every type test against a second copy of itself (about a third of graphql-js's
// variable coercion CPU, bench/ingest/RESULTS.md). An explicit NODE_ENV is kept. It
// is set before the dynamic import because graphql-js reads it when it loads.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/cli.ts');
