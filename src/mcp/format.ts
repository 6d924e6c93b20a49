/** Rounds a percentage or load for display; null stays null. */
export function round(value: number | null | undefined, digits = 1): number | null {
  if (value === null || value === undefined) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Renders a byte count with a binary unit, such as `1.5 GiB`. */
export function formatBytes(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  let amount = Number(value);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit += 1;
  }
  return `${amount.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Renders a percentage for a summary line, such as `42.0%`, or `n/a` when unknown. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${value.toFixed(1)}%`;
}

/** Converts a BigInt scalar (number or decimal string) to a number. */
export function toNumber(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Writes a count with its noun, such as `1 host` or `3 hosts`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
