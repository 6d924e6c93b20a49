#!/bin/sh
# Stands in for Prisma's schema engine, which cannot be downloaded here.
# Sentinel applies migrations-sql/ with its own runner (`sentinel migrate`).
echo "prisma schema engine is not available offline; use 'npm run sentinel -- migrate'" >&2
exit 1
