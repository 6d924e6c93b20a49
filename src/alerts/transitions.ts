export const ALERT_STATES = ['ok', 'pending', 'firing', 'resolved'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

// A resolved alert stays listed as resolved this long while the metric stays within
// the threshold, then returns to ok.
export const RESOLVED_HOLD_MS = 3_600_000;

/** The stored state of one (rule, host, subject). */
export type AlertStateRow = {
  ruleId: string;
  hostId: string;
  subject: string;
  state: AlertStateName;
  value: number | null;
  pendingSince: Date | null;
  firedAt: Date | null;
  resolvedAt: Date | null;
};

/** One evaluated value of a rule on a host, and whether it breaches the threshold. */
export type Observation = {
  ruleId: string;
  hostId: string;
  subject: string;
  value: number;
  breaching: boolean;
  durationSeconds: number;
};

export type NextState = { row: AlertStateRow; from: AlertStateName; changed: boolean };

/** Tells whether `value` breaches the rule's threshold under its operator. */
export function breaches(operator: string, value: number, threshold: number): boolean {
  switch (operator) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'eq':
      return value === threshold;
    default:
      throw new Error(`Unknown alert operator ${JSON.stringify(operator)}`);
  }
}

/**
 * Computes the state that follows `current` after one observation at `now`:
 * ok or resolved -> pending when a breach starts (firing at once for duration 0),
 * pending -> firing once the breach has lasted the rule's duration, pending -> ok when
 * it ends before, firing -> resolved when it ends, and resolved -> ok after
 * RESOLVED_HOLD_MS within the threshold. A resolved alert can go pending and fire again.
 */
export function nextState(current: AlertStateRow | undefined, observation: Observation, now: Date): NextState {
  const from: AlertStateName = current?.state ?? 'ok';
  const base: AlertStateRow = current ?? {
    ruleId: observation.ruleId,
    hostId: observation.hostId,
    subject: observation.subject,
    state: 'ok',
    value: null,
    pendingSince: null,
    firedAt: null,
    resolvedAt: null,
  };
  const row: AlertStateRow = { ...base, value: observation.value };
  const to = targetState(base, observation, now);
  if (to === from) return { row, from, changed: false };

  if (to === 'pending') {
    row.pendingSince = now;
  }
  if (to === 'firing') {
    row.pendingSince = row.pendingSince ?? now;
    row.firedAt = now;
    row.resolvedAt = null;
  }
  if (to === 'resolved') {
    row.resolvedAt = now;
  }
  if (to === 'ok') {
    row.pendingSince = null;
  }
  row.state = to;
  return { row, from, changed: true };
}

function targetState(current: AlertStateRow, observation: Observation, now: Date): AlertStateName {
  const durationMs = observation.durationSeconds * 1_000;

  switch (current.state) {
    case 'ok':
    case 'resolved': {
      if (observation.breaching) return durationMs === 0 ? 'firing' : 'pending';
      if (current.state === 'resolved' && current.resolvedAt && now.getTime() - current.resolvedAt.getTime() >= RESOLVED_HOLD_MS) return 'ok';
      return current.state;
    }
    case 'pending': {
      if (!observation.breaching) return 'ok';
      const since = current.pendingSince ?? now;
      return now.getTime() - since.getTime() >= durationMs ? 'firing' : 'pending';
    }
    case 'firing':
      return observation.breaching ? 'firing' : 'resolved';
  }
}

/** Returns when the current state began, or null for ok, which records no start. */
export function stateSince(row: Pick<AlertStateRow, 'state' | 'pendingSince' | 'firedAt' | 'resolvedAt'>): Date | null {
  switch (row.state) {
    case 'pending':
      return row.pendingSince;
    case 'firing':
      return row.firedAt;
    case 'resolved':
      return row.resolvedAt;
    case 'ok':
      return null;
  }
}
