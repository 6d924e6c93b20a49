#!/usr/bin/env node
// The agent ships as TypeScript source, so the launcher registers tsx's loader
// before importing the entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
