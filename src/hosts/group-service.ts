import type pg from 'pg';
import type { PrismaClient } from '../db/prisma.ts';
import { invalidArgument, SentinelError } from '../errors.ts';
import { reassignGroups } from '../groups/membership.ts';
import { parseAutoAssignRules } from '../groups/rules.ts';
import type { Logger } from '../logger.ts';

const MAX_NAME_LENGTH = 200;
// A group's color is shown in the UI, so it is a CSS hex color in the short or the long form.
const COLOR_PATTERN = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export type GroupFields = {
  name?: string | null;
  description?: string | null;
  color?: string | null;
  rules?: unknown;
};

/**
 * Creates, changes and deletes host groups. Every change re-evaluates the project's
 * group membership at once, so hosts move without waiting for their next report.
 */
export class GroupService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  async create(projectId: string, fields: GroupFields): Promise<string> {
    const data = this.checked(fields, true);
    await this.ensureNameFree(projectId, data.name!, null);

    const group = await this.prisma.hostGroup.create({ data: { projectId, name: data.name!, ...data } });
    await reassignGroups(this.pool, projectId);
    this.logger.info({ projectId, groupId: group.id }, 'Created host group');
    return group.id;
  }

  async update(projectId: string, id: string, fields: GroupFields): Promise<void> {
    await this.find(projectId, id);
    const data = this.checked(fields, false);
    if (data.name) await this.ensureNameFree(projectId, data.name, id);

    await this.prisma.hostGroup.update({ where: { id }, data: { ...data, updatedAt: new Date() } });
    await reassignGroups(this.pool, projectId);
    this.logger.info({ projectId, groupId: id }, 'Updated host group');
  }

  /** Deletes a group; its hosts lose the group (ON DELETE SET NULL) and may match another one. */
  async delete(projectId: string, id: string): Promise<string> {
    await this.find(projectId, id);
    await this.prisma.hostGroup.delete({ where: { id } });
    await reassignGroups(this.pool, projectId);
    this.logger.info({ projectId, groupId: id }, 'Deleted host group');
    return id;
  }

  private async find(projectId: string, id: string) {
    const group = await this.prisma.hostGroup.findFirst({ where: { id, projectId } });
    if (!group) throw new SentinelError('NOT_FOUND', `Host group ${id} not found`, { field: 'id', value: id });
    return group;
  }

  // The unique index would reject a duplicate too, but as a masked database error.
  private async ensureNameFree(projectId: string, name: string, exceptId: string | null): Promise<void> {
    const clash = await this.prisma.hostGroup.findFirst({ where: { projectId, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) } });
    if (clash) throw new SentinelError('CONFLICT', `A host group named ${JSON.stringify(name)} already exists`, { field: 'name', value: name });
  }

  private checked(fields: GroupFields, creating: boolean) {
    const data: { name?: string; description?: string | null; color?: string | null; autoAssignRules?: object } = {};
    if (creating || (fields.name !== undefined && fields.name !== null)) {
      const name = fields.name?.trim() ?? '';
      if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw invalidArgument('name', fields.name ?? null, `must have 1 to ${MAX_NAME_LENGTH} characters`);
      data.name = name;
    }
    if (fields.description !== undefined) data.description = fields.description;
    if (fields.color !== undefined) {
      if (fields.color !== null && !COLOR_PATTERN.test(fields.color)) throw invalidArgument('color', fields.color, 'expected a hex color such as #1f77b4 or #00f');
      data.color = fields.color;
    }
    if (fields.rules !== undefined && fields.rules !== null) data.autoAssignRules = parseAutoAssignRules(fields.rules);
    return data;
  }
}
