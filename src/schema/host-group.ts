import { z } from 'zod';
import { selectGroups } from '../groups/storage.ts';
import { requireAccess } from './access.ts';
import { READS_PARENT_ONLY } from '../server/direct/prisma-projection.ts';
import { MAX_PAGE_SIZE } from '../hosts/host-list.ts';
import { builder } from './builder.ts';
import { checkConnectionArguments } from './connection-arguments.ts';
import { parseId } from './ids.ts';
import { loaders } from './loaders.ts';

const storedRuleSchema = z.object({ field: z.string(), operator: z.string(), value: z.unknown() });
type StoredRule = { field: string; operator: string; value: string };

/** Reads the stored auto-assign rules for display; entries of another shape are skipped. */
function storedRules(stored: unknown): StoredRule[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry) => {
    const parsed = storedRuleSchema.safeParse(entry);
    return parsed.success ? [{ ...parsed.data, value: typeof parsed.data.value === 'string' ? parsed.data.value : JSON.stringify(parsed.data.value) }] : [];
  });
}

const AutoAssignRuleRef = builder.objectRef<StoredRule>('AutoAssignRule').implement({
  description: 'A condition on a host field; a host joins the group when all its rules match.',
  fields: (t) => ({
    field: t.exposeString('field'),
    operator: t.exposeString('operator'),
    value: t.exposeString('value'),
  }),
});

builder.prismaObject('HostGroup', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    color: t.exposeString('color', { nullable: true, description: 'Display color, #RGB or #RRGGBB.' }),
    rules: t.field({ type: [AutoAssignRuleRef], extensions: READS_PARENT_ONLY, select: { autoAssignRules: true }, resolve: (group) => storedRules(group.autoAssignRules) }),
    hosts: t.relatedConnection('hosts', {
      description: `The group's hosts by id, at most ${MAX_PAGE_SIZE} a page.`,
      cursor: 'id',
      totalCount: true,
      maxSize: MAX_PAGE_SIZE,
      checkArguments: checkConnectionArguments(MAX_PAGE_SIZE),
      query: { orderBy: { id: 'asc' } },
    }),
    hostCount: t.relationCount('hosts'),
    averageCpu: t.float({
      nullable: true,
      description: 'Mean latest CPU usage of the group’s hosts, in percent.',
      resolve: async (group, _args, ctx) => (await loaders(ctx).groupAverage.load(group.id))?.averageCpu ?? null,
    }),
    averageMemory: t.float({
      nullable: true,
      resolve: async (group, _args, ctx) => (await loaders(ctx).groupAverage.load(group.id))?.averageMemory ?? null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('hostGroups', (t) =>
  t.prismaField({
    type: ['HostGroup'],
    description: "The caller's host groups in the order their rules are tried, by name ignoring case: a host joins the first group whose rules it matches.",
    resolve: async (query, _root, _args, ctx) => {
      const { projectId } = requireAccess(ctx, 'read');
      // Prisma cannot order by lower(name), so the order comes from the statement that
      // group membership reads. A group created between the two reads comes last.
      const order = new Map((await selectGroups(ctx.services.pool, projectId)).map((group, index) => [group.id, index]));
      const groups = await ctx.services.prisma.hostGroup.findMany({ ...query, where: { projectId } });
      return groups.sort((a, b) => (order.get(a.id) ?? order.size) - (order.get(b.id) ?? order.size));
    },
  }),
);

const AutoAssignRuleInput = builder.inputType('AutoAssignRuleInput', {
  fields: (t) => ({
    field: t.string({ required: true, description: 'A host field such as environment, role, name or os, or tags.<key> for one tag.' }),
    operator: t.string({ required: true, description: 'eq, neq, contains, starts_with or regex (RE2 syntax).' }),
    value: t.string({ required: true }),
  }),
});

const groupArgs = builder.args((t) => ({
  description: t.string(),
  color: t.string({ description: 'Display color, #RGB or #RRGGBB, such as #1f77b4. Null removes it.' }),
  rules: t.field({ type: [AutoAssignRuleInput], description: 'Replaces the rules; a host joins when all match.' }),
}));

builder.mutationField('createHostGroup', (t) =>
  t.prismaField({
    type: 'HostGroup',
    args: { ...groupArgs, name: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await ctx.services.groups.create(requireAccess(ctx, 'write').projectId, args);
      return ctx.services.prisma.hostGroup.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('updateHostGroup', (t) =>
  t.prismaField({
    type: 'HostGroup',
    args: { ...groupArgs, id: t.arg.id({ required: true }), name: t.arg.string() },
    resolve: async (query, _root, args, ctx) => {
      const id = parseId('id', args.id);
      await ctx.services.groups.update(requireAccess(ctx, 'write').projectId, id, args);
      return ctx.services.prisma.hostGroup.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('deleteHostGroup', (t) =>
  t.id({
    description: 'Deletes a host group; its hosts are re-evaluated against the remaining groups. Returns its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.groups.delete(requireAccess(ctx, 'write').projectId, parseId('id', args.id)),
  }),
);
