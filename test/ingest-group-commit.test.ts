import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/ingest/group-commit.ts';

type Item = { key: string; seq: number };

// A writer that records each batch and how many batches were being written at once.
function recordingWriter() {
  const batches: Item[][] = [];
  const inFlight = new Set<Item[]>();
  const overlaps: string[] = [];
  let peakInFlight = 0;
  const write = async (items: Item[]) => {
    for (const other of inFlight) {
      for (const item of items) if (other.some((entry) => entry.key === item.key)) overlaps.push(item.key);
    }
    inFlight.add(items);
    peakInFlight = Math.max(peakInFlight, inFlight.size);
    batches.push(items);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight.delete(items);
    return items.map((item) => item.seq);
  };
  return { write, batches, overlaps, peakInFlight: () => peakInFlight };
}

describe('group commit keys', () => {
  it('writes batches in parallel', async () => {
    const writer = recordingWriter();
    const commits = new GroupCommit<Item, number>(writer.write, () => 1, (item) => item.key, { windowMs: 1, maxItems: 3, maxWeight: 100, maxInFlight: 2 });
    const items = Array.from({ length: 12 }, (_unused, seq) => ({ key: `host-${seq}`, seq }));
    expect(await Promise.all(items.map((item) => commits.submit(item)))).toEqual(items.map((item) => item.seq));
    expect(writer.peakInFlight()).toBe(2);
  });

  it('keeps one key in one batch in flight', async () => {
    const writer = recordingWriter();
    const commits = new GroupCommit<Item, number>(writer.write, () => 1, (item) => item.key, { windowMs: 1, maxItems: 2, maxWeight: 100, maxInFlight: 3 });
    const items = Array.from({ length: 30 }, (_unused, seq) => ({ key: `host-${seq % 3}`, seq }));
    await Promise.all(items.map((item) => commits.submit(item)));
    await commits.drain();

    expect(writer.overlaps).toEqual([]);
    for (const key of ['host-0', 'host-1', 'host-2']) {
      const written = writer.batches.flat().filter((item) => item.key === key).map((item) => item.seq);
      expect(written).toEqual([...written].sort((a, b) => a - b));
      expect(written).toHaveLength(10);
    }
  });
});
