import { BlockList, isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';

export type HostAddresses = {
  ipAddresses: string[];
  macAddresses: string[];
  privateIp: string | null;
  publicIp: string | null;
};

/** Private and shared address space (RFC 1918, RFC 6598 carrier-grade NAT, RFC 4193). */
const PRIVATE_RANGES = new BlockList();
PRIVATE_RANGES.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_RANGES.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_RANGES.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_RANGES.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE_RANGES.addSubnet('fc00::', 7, 'ipv6');

/** Addresses that are neither private nor public: link-local, documentation, multicast. */
const NON_ROUTABLE_RANGES = new BlockList();
NON_ROUTABLE_RANGES.addSubnet('169.254.0.0', 16, 'ipv4');
NON_ROUTABLE_RANGES.addSubnet('192.0.2.0', 24, 'ipv4');
NON_ROUTABLE_RANGES.addSubnet('198.51.100.0', 24, 'ipv4');
NON_ROUTABLE_RANGES.addSubnet('203.0.113.0', 24, 'ipv4');
NON_ROUTABLE_RANGES.addSubnet('224.0.0.0', 4, 'ipv4');
NON_ROUTABLE_RANGES.addSubnet('fe80::', 10, 'ipv6');
NON_ROUTABLE_RANGES.addSubnet('ff00::', 8, 'ipv6');
NON_ROUTABLE_RANGES.addSubnet('2001:db8::', 32, 'ipv6');

const ZERO_MAC = '00:00:00:00:00:00';

function family(address: string): 'ipv4' | 'ipv6' {
  return isIPv4(address) ? 'ipv4' : 'ipv6';
}

export function isPrivateAddress(address: string): boolean {
  return PRIVATE_RANGES.check(address, family(address));
}

export function isPublicAddress(address: string): boolean {
  const kind = family(address);
  return !PRIVATE_RANGES.check(address, kind) && !NON_ROUTABLE_RANGES.check(address, kind);
}

/**
 * Lists the addresses of the reported interfaces from the kernel's view only. The
 * public IP is one assigned to an interface; an address behind NAT is not discoverable
 * without asking an outside host, which the agent never does, so it stays null.
 * IPv4 addresses come first in each choice because dashboards show them by default.
 * node:os lists every address of an interface, where systeminformation's
 * networkInterfaces() (5.33) keeps one IPv4 and one IPv6 address per interface and
 * spawns several processes per call.
 */
export function collectHostAddresses(isReported: (name: string) => boolean): HostAddresses {
  const ipAddresses: string[] = [];
  const macAddresses = new Set<string>();

  for (const [name, entries] of Object.entries(networkInterfaces())) {
    if (!isReported(name) || entries === undefined) {
      continue;
    }
    for (const entry of entries) {
      if (entry.internal || NON_ROUTABLE_RANGES.check(entry.address, family(entry.address))) {
        continue;
      }
      ipAddresses.push(entry.address);
      if (entry.mac !== ZERO_MAC) {
        macAddresses.add(entry.mac);
      }
    }
  }

  const ordered = [...ipAddresses.filter(isIPv4), ...ipAddresses.filter((address) => !isIPv4(address))];
  return {
    ipAddresses: ordered,
    macAddresses: [...macAddresses],
    privateIp: ordered.find(isPrivateAddress) ?? null,
    publicIp: ordered.find(isPublicAddress) ?? null,
  };
}
