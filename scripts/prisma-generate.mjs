// Runs `prisma generate` without network access.
//
// The Prisma 7 CLI fetches a schema engine binary before generate, validate and
// migrate, and that download fails offline. PRISMA_SCHEMA_ENGINE_BINARY points it
// at a stub that exits 1, which `generate` never needs (it runs on WASM), while
// `migrate` and `db` fail loudly instead of hanging. Our own runner applies
// migrations-sql/, so Prisma's migrate is never used.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = join(root, 'prisma', 'schema.prisma');
const stub = join(root, 'scripts', 'prisma-schema-engine-offline.sh');

if (!existsSync(schema)) {
  console.log('prisma-generate: no prisma/schema.prisma yet, skipping');
  process.exit(0);
}

chmodSync(stub, 0o755);
const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    // The pothos generator is started by name, so the project's bin folder must be on PATH.
    PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
