import type pg from 'pg';
import { evaluateAlerts, type EvaluationResult } from '../../src/alerts/evaluator.ts';
import type { NewAlertRule } from '../../src/alerts/rule-service.ts';
import { discardNotifications, type AlertNotifier } from '../../src/alerts/webhook.ts';
import type { Sentinel } from '../../src/app.ts';
import type { AlertChangedEvent, EventMap, EventName, EventPublisher } from '../../src/events/types.ts';
import { createLogger } from '../../src/logger.ts';

/** Keeps every published event, in order. */
export class RecordingPublisher implements EventPublisher {
  readonly events: { name: EventName; event: EventMap[EventName] }[] = [];
  publish<Name extends EventName>(name: Name, event: EventMap[Name]): void {
    this.events.push({ name, event });
  }
}

/** Keeps every change handed to the notifier, in order, and counts wake-ups. */
export class RecordingNotifier implements AlertNotifier {
  readonly changes: AlertChangedEvent[] = [];
  wakeups = 0;
  async enqueue(_client: pg.PoolClient, changes: AlertChangedEvent[]): Promise<void> {
    this.changes.push(...changes);
  }
  wake(): void {
    this.wakeups += 1;
  }
  async close(): Promise<void> {}
}

/** Runs one evaluation of a project's rules at `now`, as the job would. */
export function evaluateAt(
  app: Sentinel,
  projectId: string,
  now: Date,
  options: { events?: EventPublisher; notifier?: AlertNotifier } = {},
): Promise<EvaluationResult> {
  return evaluateAlerts(
    {
      pool: app.services.pool,
      logger: createLogger('silent'),
      events: options.events ?? { publish: () => undefined },
      notifier: options.notifier ?? discardNotifications,
      config: app.services.config,
    },
    { now, projectId },
  );
}

export function createRule(app: Sentinel, projectId: string, rule: Partial<NewAlertRule> & Pick<NewAlertRule, 'metric' | 'threshold'>) {
  return app.services.alertRules.create(projectId, { name: `${rule.metric} rule`, operator: 'gt', ...rule });
}

/** Returns a whole minute half an hour ago, so every window of a test is known. */
export function baseTime(): Date {
  const now = Date.now();
  return new Date(now - (now % 60_000) - 30 * 60_000);
}

export function secondsAfter(base: Date, seconds: number): Date {
  return new Date(base.getTime() + seconds * 1_000);
}

export type HostSample = Partial<{
  cpu: number | null;
  memory: number;
  swap: number;
  load1m: number;
  load5m: number;
  load15m: number;
  processes: number;
}>;

export async function insertHostSample(pool: pg.Pool, hostId: string, at: Date, sample: HostSample): Promise<void> {
  await pool.query(
    `INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent, memory_usage_percent, swap_usage_percent,
                               load_1m, load_5m, load_15m, processes_total)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [hostId, at, sample.cpu ?? null, sample.memory ?? null, sample.swap ?? null, sample.load1m ?? null, sample.load5m ?? null, sample.load15m ?? null, sample.processes ?? null],
  );
}

export type DiskSample = { mountPoint: string; filesystem: string; usage: number; inodes?: number; readOnly?: boolean; totalBytes?: number };

export async function insertDiskSample(pool: pg.Pool, hostId: string, at: Date, disk: DiskSample): Promise<void> {
  await pool.query(
    `INSERT INTO disk_metrics (host_id, recorded_at, device, mount_point, filesystem, read_only, total_bytes, usage_percent, inodes_usage_percent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [hostId, at, `dev-${disk.mountPoint}`, disk.mountPoint, disk.filesystem, disk.readOnly ?? false, disk.totalBytes ?? 100_000_000_000, disk.usage, disk.inodes ?? null],
  );
}

export type NetworkSample = { interface: string; received: number; sent: number; errorsIn: number | null; errorsOut: number | null };

export async function insertNetworkSample(pool: pg.Pool, hostId: string, at: Date, sample: NetworkSample): Promise<void> {
  await pool.query(
    `INSERT INTO network_metrics (host_id, recorded_at, interface, bytes_received, bytes_sent, errors_in, errors_out)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [hostId, at, sample.interface, sample.received, sample.sent, sample.errorsIn, sample.errorsOut],
  );
}

/** Registers a container on the host and stores one sample of it. */
export async function insertContainerSample(pool: pg.Pool, hostId: string, at: Date, sample: { name: string; cpu: number; memory: number }): Promise<void> {
  await pool.query(
    `WITH c AS (
       INSERT INTO containers (host_id, container_id, name) VALUES ($1, $2, $2)
       ON CONFLICT (host_id, container_id) DO UPDATE SET name = EXCLUDED.name
       RETURNING id
     )
     INSERT INTO container_metrics (container_id, host_id, recorded_at, cpu_usage_percent, memory_usage_percent)
     SELECT c.id, $1, $3, $4, $5 FROM c`,
    [hostId, sample.name, at, sample.cpu, sample.memory],
  );
}

export type StoredState = { hostId: string; subject: string; state: string; value: number | null };

export async function statesOf(pool: pg.Pool, ruleId: string): Promise<StoredState[]> {
  const { rows } = await pool.query<StoredState>(
    `SELECT host_id AS "hostId", subject, state, value FROM alert_states WHERE rule_id = $1 ORDER BY host_id, subject`,
    [ruleId],
  );
  return rows;
}

/** Lists the rule's alert events as "from->to", oldest first. */
export async function transitionsOf(pool: pg.Pool, ruleId: string, hostId?: string): Promise<string[]> {
  const { rows } = await pool.query<{ step: string }>(
    `SELECT from_state || '->' || to_state AS step FROM alert_events
     WHERE rule_id = $1 AND ($2::uuid IS NULL OR host_id = $2::uuid)
     ORDER BY created_at, subject`,
    [ruleId, hostId ?? null],
  );
  return rows.map((row) => row.step);
}
