// PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate has no UTF-8 encoding.
// Both come from raw /proc reads and broken clients, so they are cleaned, not rejected.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT_CHARACTER = '\uFFFD';
// Almost every text has neither, and one test is cheaper than the two replacements.
const NEEDS_CLEANING = /[\u0000\uD800-\uDFFF]/;

/** Removes NUL bytes, replaces lone surrogates and cuts the text to maxLength characters. */
export function cleanText(value: string, maxLength: number): string {
  let text = NEEDS_CLEANING.test(value) ? value.replace(NUL, '').replace(LONE_SURROGATE, REPLACEMENT_CHARACTER) : value;
  if (text.length > maxLength) {
    const last = text.charCodeAt(maxLength - 1);
    // Cutting after a high surrogate would leave half of a pair.
    const end = last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength;
    text = text.slice(0, end);
  }
  return text;
}

/** Cleans an optional text; an empty result is null (unknown). */
export function cleanOptionalText(value: string | null | undefined, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  const text = cleanText(value, maxLength).trim();
  return text === '' ? null : text;
}
