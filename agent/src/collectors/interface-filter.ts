/** Interface name patterns where `*` matches any run of characters, as in `veth*`. */
export type InterfaceFilterOptions = {
  /** When not empty, only interfaces matching one of these patterns are reported. */
  include: string[];
  /** Interfaces matching one of these patterns are never reported. */
  exclude: string[];
};

/** Loopback is never a host's traffic, whatever the settings say. */
const LOOPBACK = 'lo';

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

/** Builds a predicate that tells whether an interface is reported. */
export function createInterfaceFilter(options: InterfaceFilterOptions): (name: string) => boolean {
  const include = options.include.map(globToRegExp);
  const exclude = options.exclude.map(globToRegExp);
  return (name) => {
    if (name === LOOPBACK) {
      return false;
    }
    if (include.length > 0 && !include.some((pattern) => pattern.test(name))) {
      return false;
    }
    return !exclude.some((pattern) => pattern.test(name));
  };
}
