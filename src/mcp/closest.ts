/** Levenshtein edit distance between two strings, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);

  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** The candidates nearest to `name`: names containing it first, then by edit distance. */
export function closestNames(name: string, candidates: string[], count = 5): string[] {
  const needle = name.toLowerCase();
  return [...new Set(candidates)]
    .map((candidate) => ({
      candidate,
      score: candidate.toLowerCase().includes(needle) ? -1 : editDistance(needle, candidate),
    }))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map((entry) => entry.candidate);
}
