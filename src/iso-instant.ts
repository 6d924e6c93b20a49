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

const HYPHEN = 45;
const COLON = 58;
const SPACE = 32;
const PERIOD = 46;
const ZERO = 48;
const NINE = 57;

function digitsAt(text: string, positions: readonly number[]): boolean {
  for (const position of positions) {
    const code = text.charCodeAt(position);
    if (code < ZERO || code > NINE) return false;
  }
  return true;
}

const DATE_TIME_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The number written by two digits at `start`, read from character codes because this
// runs for every instant of a response.
function twoDigitsAt(text: string, start: number): number {
  return (text.charCodeAt(start) - ZERO) * 10 + text.charCodeAt(start + 1) - ZERO;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

// YYYY-MM-DDTHH:MM:SS.mmmZ with the month, hour, minute and second in range and the
// day from 01 to 31. One regular expression took 29 ns per text here, and the same
// checks made character by character 77 ns.
const ISO_INSTANT_TEXT = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * Tells whether a text is an instant as formatIsoInstant writes it for years 0 to 9999,
 * such as 2026-12-04T10:00:00.000Z, with every field in range: the DateTime scalar
 * writes such a text as it is.
 */
export function isIsoInstantText(text: string): boolean {
  if (!ISO_INSTANT_TEXT.test(text)) return false;
  const day = twoDigitsAt(text, 8);
  if (day <= 28) return true;
  const month = twoDigitsAt(text, 5);
  const leapDay = month === 2 && isLeapYear(twoDigitsAt(text, 0) * 100 + twoDigitsAt(text, 2)) ? 1 : 0;
  return day <= DAYS_IN_MONTH[month - 1]! + leapDay;
}

/**
 * Converts a timestamptz as PostgreSQL writes it in UTC (DateStyle ISO), such as
 * 2026-12-04 10:00:00.123456+00, to the text formatIsoInstant writes, 2026-12-04T10:00:00.123Z,
 * without making a Date. Microseconds are cut to milliseconds, as node-postgres cuts
 * them. Parsing into a Date and formatting took 0.6 µs per value here, and this 0.05 µs.
 * Any other form (another time zone, a year past 9999, BC, infinity) returns null.
 */
export function isoInstantFromPostgres(text: string): string | null {
  const length = text.length;
  // "YYYY-MM-DD HH:MM:SS+00", or with 1 to 6 fractional digits after a period.
  if (length !== 22 && (length < 24 || length > 29)) return null;
  if (
    text.charCodeAt(4) !== HYPHEN ||
    text.charCodeAt(7) !== HYPHEN ||
    text.charCodeAt(10) !== SPACE ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON ||
    !text.endsWith('+00') ||
    !digitsAt(text, DATE_TIME_DIGITS)
  ) {
    return null;
  }

  let milliseconds = '000';
  if (length > 22) {
    const fraction = text.slice(20, length - 3);
    if (text.charCodeAt(19) !== PERIOD || !/^\d+$/.test(fraction)) return null;
    milliseconds = fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0');
  }
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${milliseconds}Z`;
}
