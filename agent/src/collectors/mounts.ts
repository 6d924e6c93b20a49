/** One line of /proc/self/mountinfo with the fields the disk collector needs. */
export type Mount = {
  /** `major:minor` of the filesystem's device, the key that joins /proc/diskstats. */
  deviceNumber: string;
  /** Directory of the filesystem that is mounted (`/` unless it is a bind mount). */
  root: string;
  mountPoint: string;
  readOnly: boolean;
  filesystem: string;
  source: string;
};

/**
 * Filesystems that hold no user data or are read-only images. tmpfs is not listed
 * because a sized tmpfs holds real data; the collector drops mounts of size 0 instead.
 */
const SKIPPED_FILESYSTEMS = new Set([
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
  'fuse.lxcfs',
  'fusectl',
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
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tracefs',
]);

/**
 * Mount points of kernel interfaces and of container storage, whose layers belong to
 * the containers rather than to the host.
 */
const SKIPPED_MOUNT_POINT = /^\/(?:dev|proc|sys|run\/credentials|var\/lib\/docker|var\/lib\/containers\/storage|snap)(?:\/|$)/;

/** Decodes the octal escapes (`\040` for a space) the kernel uses in mountinfo paths. */
function decodeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Parses /proc/self/mountinfo (proc(5)); malformed lines are skipped. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-');
    if (separator < 6 || fields.length < separator + 3) {
      continue;
    }
    const options = (fields[5] ?? '').split(',');
    mounts.push({
      deviceNumber: fields[2] ?? '',
      root: decodeMountPath(fields[3] ?? ''),
      mountPoint: decodeMountPath(fields[4] ?? ''),
      readOnly: options.includes('ro'),
      filesystem: fields[separator + 1] ?? '',
      source: decodeMountPath(fields[separator + 2] ?? ''),
    });
  }
  return mounts;
}

/**
 * Keeps the mounts worth reporting, one per device: a filesystem mounted at several
 * places (bind mounts) is counted once, at its whole-filesystem mount with the shortest path.
 */
export function selectDataMounts(mounts: Mount[]): Mount[] {
  const byDevice = new Map<string, Mount>();
  for (const mount of mounts) {
    if (SKIPPED_FILESYSTEMS.has(mount.filesystem) || SKIPPED_MOUNT_POINT.test(mount.mountPoint)) {
      continue;
    }
    const kept = byDevice.get(mount.deviceNumber);
    if (kept === undefined || isPreferredMount(mount, kept)) {
      byDevice.set(mount.deviceNumber, mount);
    }
  }
  return [...byDevice.values()];
}

function isPreferredMount(candidate: Mount, kept: Mount): boolean {
  const candidateWhole = candidate.root === '/';
  const keptWhole = kept.root === '/';
  if (candidateWhole !== keptWhole) {
    return candidateWhole;
  }
  return candidate.mountPoint.length < kept.mountPoint.length;
}
