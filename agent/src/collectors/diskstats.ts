import { counterDelta, roundPercent, UNSIGNED_LONG_BITS } from '../counters.ts';

/** Cumulative counters of one block device from /proc/diskstats. */
export type DiskCounters = {
  name: string;
  readOps: number;
  readSectors: number;
  writeOps: number;
  writeSectors: number;
  /** Milliseconds the device had I/O in flight (io_ticks). */
  busyMs: number;
};

export type DiskIo = {
  readBytes: number | null;
  writeBytes: number | null;
  readOps: number | null;
  writeOps: number | null;
  ioTimePercent: number | null;
};

/** /proc/diskstats counts sectors of 512 bytes whatever the device's sector size. */
const DISKSTATS_SECTOR_BYTES = 512;

/**
 * Slack on the busy-time bound: io_ticks advances in jiffies and the two reads of a
 * sample are not at the same instant, so busy time can exceed the measured interval slightly.
 */
const BUSY_TIME_SLACK = 1.1;

/** Parses /proc/diskstats into counters keyed by `major:minor`. */
export function parseDiskstats(text: string): Map<string, DiskCounters> {
  const devices = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 14) {
      continue;
    }
    const value = (index: number): number => Number(fields[index]);
    devices.set(`${fields[0]}:${fields[1]}`, {
      name: fields[2] ?? '',
      readOps: value(3),
      readSectors: value(5),
      writeOps: value(7),
      writeSectors: value(9),
      busyMs: value(12),
    });
  }
  return devices;
}

/**
 * Computes the I/O of one device over an interval. Operation and sector counters are
 * `unsigned long` in the kernel; io_ticks is printed as a 32-bit `unsigned int` and
 * wraps after about 49.7 days of busy time, so it may wrap on any architecture.
 */
export function computeDiskIo(
  previous: DiskCounters | undefined,
  current: DiskCounters | undefined,
  elapsedMs: number | null,
): DiskIo {
  if (previous === undefined || current === undefined || elapsedMs === null || elapsedMs <= 0) {
    return { readBytes: null, writeBytes: null, readOps: null, writeOps: null, ioTimePercent: null };
  }

  const longCounter = { widthBits: UNSIGNED_LONG_BITS };
  const readSectors = counterDelta(previous.readSectors, current.readSectors, longCounter);
  const writeSectors = counterDelta(previous.writeSectors, current.writeSectors, longCounter);
  const busyMs = counterDelta(previous.busyMs, current.busyMs, {
    widthBits: 32,
    maxDelta: elapsedMs * BUSY_TIME_SLACK,
  });

  return {
    readBytes: readSectors === null ? null : readSectors * DISKSTATS_SECTOR_BYTES,
    writeBytes: writeSectors === null ? null : writeSectors * DISKSTATS_SECTOR_BYTES,
    readOps: counterDelta(previous.readOps, current.readOps, longCounter),
    writeOps: counterDelta(previous.writeOps, current.writeOps, longCounter),
    ioTimePercent: busyMs === null ? null : roundPercent((busyMs / elapsedMs) * 100),
  };
}
