#!/usr/bin/env node
// Sentinel ships as TypeScript source, so the launcher registers tsx's loader before
// importing the command-line entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
