import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { parseId, parseOptionalId } from './ids.ts';

builder.mutationField('updateHost', (t) =>
  t.prismaField({
    type: 'Host',
    description: 'Changes the given fields of a host; null clears environment, role or group. Needs an admin key.',
    args: {
      id: t.arg.id({ required: true }),
      name: t.arg.string(),
      environment: t.arg.string(),
      role: t.arg.string(),
      groupId: t.arg.id(),
      tags: t.arg({ type: 'JSONObject', description: 'Replaces all tags; values are strings.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { projectId } = requireAccess(ctx, 'write');
      const id = parseId('id', args.id);
      const groupId = args.groupId === undefined ? undefined : parseOptionalId('groupId', args.groupId);

      await ctx.services.hosts.update(projectId, id, { ...args, groupId });
      return ctx.services.prisma.host.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('deleteHost', (t) =>
  t.id({
    description: 'Deletes a host with all its series. Returns its id. Needs an admin key.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.hosts.delete(requireAccess(ctx, 'write').projectId, parseId('id', args.id)),
  }),
);
