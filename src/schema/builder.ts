import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ArgumentChecksPlugin from './argument-checks-plugin.ts';
import type { GraphQLContext } from '../context.ts';
import type PrismaTypes from '../generated/prisma/pothos-types.ts';
import { getDatamodel } from '../generated/prisma/pothos-types.ts';

export type Scalars = {
  BigInt: { Input: number; Output: number | bigint };
  DateTime: { Input: Date; Output: Date | string };
  JSONObject: { Input: Record<string, unknown>; Output: unknown };
};

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: GraphQLContext;
  Scalars: Scalars;
  DefaultFieldNullability: false;
}>({
  plugins: [ArgumentChecksPlugin, PrismaPlugin, RelayPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.services.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
