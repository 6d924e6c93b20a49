import type { ReportWarning } from './report-types.ts';

/** Where a part of a report sits, and the list its warnings go to. */
export type ReportContext = {
  path: string;
  reportId: string;
  intervalSeconds: number | null;
  warnings: ReportWarning[];
};

/** Keeps the first `max` entries of a list, with a warning when it was longer. */
export function cutList<T>(list: T[], max: number, field: string, context: ReportContext): T[] {
  if (list.length <= max) return list;
  context.warnings.push({
    reportId: context.reportId,
    path: `${context.path}.${field}`,
    message: `${list.length} entries: only the first ${max} are stored`,
  });
  return list.slice(0, max);
}
