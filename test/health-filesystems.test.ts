import { describe, expect, it } from 'vitest';
import { countsForDiskHealth, maxDiskUsagePercent } from '../src/health/filesystems.ts';

describe('disk health filesystems', () => {
  const cases = [
    { disk: { filesystem: 'ext4', totalBytes: 100 }, expected: true },
    { disk: { filesystem: 'XFS', totalBytes: 100 }, expected: true },
    { disk: { filesystem: null, totalBytes: 100 }, expected: true },
    { disk: { filesystem: 'ext4', totalBytes: 0 }, expected: false },
    { disk: { filesystem: 'ext4', totalBytes: null }, expected: false },
    { disk: { filesystem: 'ext4', totalBytes: 100, readOnly: true }, expected: false },
    { disk: { filesystem: 'tmpfs', totalBytes: 100 }, expected: false },
    { disk: { filesystem: 'overlay', totalBytes: 100 }, expected: false },
    { disk: { filesystem: 'squashfs', totalBytes: 100 }, expected: false },
    { disk: { filesystem: 'iso9660', totalBytes: 100 }, expected: false },
    { disk: { filesystem: 'proc', totalBytes: 100 }, expected: false },
  ];
  for (const { disk, expected } of cases) {
    it(`${JSON.stringify(disk)} counts: ${expected}`, () => {
      expect(countsForDiskHealth(disk)).toBe(expected);
    });
  }

  it('takes the fullest real disk', () => {
    const disks = [
      { filesystem: 'ext4', totalBytes: 100, usagePercent: 40 },
      { filesystem: 'xfs', totalBytes: 100, usagePercent: 71 },
      { filesystem: 'squashfs', totalBytes: 100, usagePercent: 100 },
      { filesystem: 'ext4', totalBytes: 100, usagePercent: null },
    ];
    expect(maxDiskUsagePercent(disks)).toBe(71);
  });

  it('returns null without real disks', () => {
    expect(maxDiskUsagePercent([{ filesystem: 'tmpfs', totalBytes: 100, usagePercent: 99 }])).toBeNull();
  });
});
