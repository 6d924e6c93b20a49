import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { parseId } from './ids.ts';

const KeyScopeEnum = builder.enumType('KeyScope', {
  values: { ADMIN: { value: 'admin' }, READ: { value: 'read' }, INGEST: { value: 'ingest' } } as const,
});

builder.prismaObject('ApiKey', {
  description: 'An API key as listed: never its secret.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    scope: t.exposeString('scope', { description: 'admin, read or ingest.' }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret, to tell keys apart.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKeyRef = builder.simpleObject('CreatedApiKey', {
  fields: (t) => ({
    id: t.id(),
    name: t.string(),
    scope: t.string(),
    prefix: t.string(),
    secret: t.string({ description: 'The key to send as Authorization: Bearer <secret>. Shown only in this response.' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.prismaField({
    type: ['ApiKey'],
    description: "The project's API keys, revoked ones included. Needs an admin key.",
    resolve: (_query, _root, _args, ctx) => ctx.services.keys.list(requireAccess(ctx, 'keys').projectId),
  }),
);

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreatedApiKeyRef,
    args: { scope: t.arg({ type: KeyScopeEnum, required: true }), name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.keys.create(requireAccess(ctx, 'keys').projectId, args.scope, args.name),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.prismaField({
    type: 'ApiKey',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, args, ctx) => ctx.services.keys.revoke(requireAccess(ctx, 'keys').projectId, parseId('id', args.id)),
  }),
);
