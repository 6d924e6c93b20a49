/**
 * Returns the items sorted by a string key, without changing the input. Every batch
 * writes rows in this order, so that two batches in flight lock shared rows in the
 * same order and cannot deadlock.
 */
export function inLockOrder<Item>(items: readonly Item[], key: (item: Item) => string): Item[] {
  return items
    .map((item) => ({ key: key(item), item }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ item }) => item);
}

function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
