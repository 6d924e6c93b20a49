// Limits of one reportMetrics request. docs/report-protocol.md lists the same numbers;
// change both together.

/** Reports per request; an agent sends a longer backlog in several requests. */
export const MAX_REPORTS_PER_REQUEST = 100;

/** A report dated further ahead of the server clock than this rejects the request. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

// Lists longer than these are cut to their first entries, with a warning.
export const MAX_PROCESSES_PER_REPORT = 200;
export const MAX_DISKS_PER_REPORT = 64;
export const MAX_INTERFACES_PER_REPORT = 64;
export const MAX_CONTAINERS_PER_REPORT = 500;
export const MAX_LABELS_PER_CONTAINER = 64;
export const MAX_PORT_MAPPINGS_PER_CONTAINER = 64;
export const MAX_ADDRESSES = 64;
export const MAX_CPU_CORES_LISTED = 1_024;

// Strings longer than these are cut, in characters (UTF-16 code units, never inside a
// surrogate pair).
export const MAX_COMMAND_LENGTH = 1_024;
export const MAX_NAME_LENGTH = 255;
// Devices and mount points are paths; container volume mounts run past 255 characters.
export const MAX_PATH_LENGTH = 1_024;

// Bounds of a counter delta per second of the report's interval. A larger delta, or a
// negative one, is a counter reset or a broken collector: it is stored as null with a
// warning. 100 GB/s is above any single host's disk or network throughput today.
export const MAX_BYTES_PER_SECOND = 100_000_000_000;
export const MAX_PACKETS_PER_SECOND = 1_000_000_000;
export const MAX_OPERATIONS_PER_SECOND = 100_000_000;

/** Interval assumed for the counter bound when a report carries no intervalSeconds. */
export const DEFAULT_COUNTER_INTERVAL_SECONDS = 3_600;
