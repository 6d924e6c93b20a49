import { defineConfig } from 'prisma/config';

// Prisma only generates the client here; migrations-sql/ and our own runner own the
// schema. env('DATABASE_URL') would throw when the variable is unset (the embedded
// default), so the URL falls back to a placeholder that generate never connects to.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/sentinel',
  },
});
