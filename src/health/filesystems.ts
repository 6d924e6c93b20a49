// Filesystems that never fill up the way a data disk does: kernel pseudo filesystems,
// memory-backed ones (their usage is memory, which has its own check), container
// layers and read-only images such as snap packages and CD images. Their disks are
// stored but raise no disk issue and are left out of disk_max_usage_percent.
const NON_CAPACITY_FILESYSTEMS = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'erofs',
  'fusectl',
  'fuse.lxcfs',
  'fuse.snapfuse',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'overlay',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'shm',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
  'udf',
]);

export type FilesystemFacts = {
  filesystem?: string | null;
  readOnly?: boolean | null;
  totalBytes?: number | null;
};

/** Tells whether a disk can fill up and so counts for disk health. */
export function countsForDiskHealth(disk: FilesystemFacts): boolean {
  if (disk.readOnly === true) return false;
  if (!disk.totalBytes) return false;
  return !NON_CAPACITY_FILESYSTEMS.has((disk.filesystem ?? '').toLowerCase());
}

/** Returns the highest usage among the disks that count for health, or null when none does. */
export function maxDiskUsagePercent(disks: (FilesystemFacts & { usagePercent?: number | null })[]): number | null {
  let max: number | null = null;
  for (const disk of disks) {
    if (!countsForDiskHealth(disk) || disk.usagePercent === null || disk.usagePercent === undefined) continue;
    if (max === null || disk.usagePercent > max) max = disk.usagePercent;
  }
  return max;
}
