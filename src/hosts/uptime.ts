const UNITS: readonly [string, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** Formats an uptime such as "3 days, 4 hours, 12 minutes"; under a minute reads "less than a minute". */
export function formatUptime(totalSeconds: number): string {
  const parts: string[] = [];
  let rest = Math.floor(totalSeconds);
  for (const [unit, seconds] of UNITS) {
    const count = Math.floor(rest / seconds);
    rest -= count * seconds;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'less than a minute';
}
