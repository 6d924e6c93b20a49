import type pg from 'pg';
import type { PrismaClient } from '../db/prisma.ts';
import { invalidArgument, SentinelError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { announceChanges, endingChanges, enqueueNotifications, type AlertChangeTargets } from '../alerts/alert-changes.ts';
import { deleteStatesOf, lockAlertStates } from '../alerts/state-storage.ts';
import { withTransaction } from '../db/transaction.ts';
import { reassignGroups } from '../groups/membership.ts';
import { forgetProjectHost } from '../metrics/series-service.ts';
import { deleteHostRows, lockHostForDeletion } from './host-delete-storage.ts';

const MAX_NAME_LENGTH = 255;
const MAX_TAGS = 50;

// The fields of updateHost that group rules can test (RULE_FIELDS and tags).
const RULE_TESTED_CHANGES = ['name', 'environment', 'role', 'tags'] as const;

export type HostChanges = {
  name?: string | null;
  environment?: string | null;
  role?: string | null;
  groupId?: string | null;
  tags?: Record<string, unknown> | null;
};

function hostNotFound(id: string): SentinelError {
  return new SentinelError('HOST_NOT_FOUND', `Host ${id} not found`, { field: 'id', value: id });
}

/** Changes a host's organisation fields and deletes hosts. */
export class HostService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly alerts: AlertChangeTargets,
  ) {}

  /**
   * Applies the given fields; an omitted field stays, and null clears environment,
   * role or group. The name cannot be cleared. A change to a field that group rules
   * test moves the host to the group its rules now match, unless the same call sets
   * the group by hand.
   */
  async update(projectId: string, id: string, changes: HostChanges): Promise<void> {
    if (!(await this.prisma.host.count({ where: { id, projectId } }))) throw hostNotFound(id);
    const data = await this.checkedChanges(projectId, changes);

    await this.prisma.host.update({ where: { id }, data: { ...data, updatedAt: new Date() } });
    const regroup = data.hostGroupId === undefined && RULE_TESTED_CHANGES.some((field) => data[field] !== undefined);
    this.logger.info({ projectId, hostId: id, fields: Object.keys(data), regroup }, 'Updated host');
    if (regroup) await this.regroup(projectId, id);
  }

  // The change is stored already, so a failure here is logged, not returned: the
  // mutation stored the requested change, and the next evaluation of groups places the host.
  private async regroup(projectId: string, hostId: string): Promise<void> {
    try {
      await reassignGroups(this.pool, projectId, [hostId]);
    } catch (error) {
      this.logger.error({ err: error, projectId, hostId }, 'Failed to assign the host group after a host update');
    }
  }

  /**
   * Deletes a host with its series. Its firing alerts resolve first, in the same
   * transaction, so that subscribers and the webhook receiver see them end: ON DELETE
   * CASCADE would drop its alert states with no event or notification.
   */
  async delete(projectId: string, id: string): Promise<string> {
    const changes = await withTransaction(this.pool, async (client) => {
      if (!(await lockHostForDeletion(client, projectId, id))) throw hostNotFound(id);
      await lockAlertStates(client);
      const ended = endingChanges(await deleteStatesOf(client, { hostId: id }), new Date());
      await enqueueNotifications(client, this.alerts.notifier, ended);
      await deleteHostRows(client, id);
      return ended;
    });

    forgetProjectHost(this.pool, projectId, id);
    announceChanges(this.alerts, changes);
    this.logger.info({ projectId, hostId: id, endedAlerts: changes.length }, 'Deleted host');
    return id;
  }

  private async checkedChanges(projectId: string, changes: HostChanges) {
    const data: { name?: string; environment?: string | null; role?: string | null; hostGroupId?: string | null; tags?: object } = {};
    if (changes.name !== undefined) {
      const name = changes.name?.trim() ?? '';
      if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw invalidArgument('name', changes.name, `must have 1 to ${MAX_NAME_LENGTH} characters`);
      data.name = name;
    }
    if (changes.environment !== undefined) data.environment = changes.environment?.trim() || null;
    if (changes.role !== undefined) data.role = changes.role?.trim() || null;
    if (changes.groupId !== undefined) {
      if (changes.groupId && !(await this.prisma.hostGroup.count({ where: { id: changes.groupId, projectId } }))) {
        throw invalidArgument('groupId', changes.groupId, 'no such host group in this project');
      }
      data.hostGroupId = changes.groupId;
    }
    if (changes.tags !== undefined) {
      const tags = changes.tags ?? {};
      if (Object.keys(tags).length > MAX_TAGS) throw invalidArgument('tags', `${Object.keys(tags).length} tags`, `at most ${MAX_TAGS} tags`);
      const nonText = Object.entries(tags).find(([, value]) => typeof value !== 'string');
      if (nonText) throw invalidArgument(`tags.${nonText[0]}`, nonText[1], 'tag values must be strings');
      data.tags = tags;
    }
    return data;
  }
}
