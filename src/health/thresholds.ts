// Health thresholds of a host, in percent unless named otherwise. A value at or above
// a threshold raises an issue of that severity.
export const HEALTH_THRESHOLDS = {
  cpuWarning: 80,
  cpuCritical: 95,
  memoryWarning: 85,
  memoryCritical: 95,
  diskWarning: 80,
  diskCritical: 90,
  // Load average compared with the host's CPU count: warning above 1.5 per core.
  loadWarningPerCore: 1.5,
  loadCriticalPerCore: 2.0,
} as const;
