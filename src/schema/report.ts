import type { GraphQLContext } from '../context.ts';
import type { IngestResult } from '../ingest/report-types.ts';
import type { DirectResolver } from '../server/direct/executor.ts';
import { builder } from './builder.ts';
import { requireAccess } from './access.ts';
import { ReportMetricsInput } from './report-inputs.ts';

const ReportWarning = builder.simpleObject('ReportWarning', {
  fields: (t) => ({
    reportId: t.id({ nullable: true }),
    path: t.string(),
    message: t.string(),
  }),
});

const ReportMetricsPayload = builder.simpleObject('ReportMetricsPayload', {
  fields: (t) => ({
    hostId: t.id(),
    accepted: t.idList(),
    duplicates: t.idList(),
    clockSkewMs: t.float({ nullable: true }),
    warnings: t.field({ type: [ReportWarning] }),
  }),
});

type ReportMetricsArgs = { input: typeof ReportMetricsInput.$inferInput };

/**
 * Stores a report batch in the caller's project. The schema's resolver and the direct
 * executor of src/server/direct both run this, so that the two paths cannot drift.
 */
export async function resolveReportMetrics(ctx: GraphQLContext, { input }: ReportMetricsArgs): Promise<IngestResult> {
  const principal = requireAccess(ctx, 'ingest');
  const reports = input.reports.map((report) => ({ ...report, id: String(report.id) }));
  return ctx.services.ingest.ingest(principal.projectId, { ...input, reports });
}

/** Mutations the direct executor may run, by field name. */
export const directMutations: Readonly<Record<string, DirectResolver>> = {
  reportMetrics: (ctx, args) => resolveReportMetrics(ctx, args as ReportMetricsArgs),
};

builder.mutationField('reportMetrics', (t) =>
  t.field({
    type: ReportMetricsPayload,
    description: 'Stores one report or a batch of buffered reports from one agent. Needs an ingest or admin key.',
    args: { input: t.arg({ type: ReportMetricsInput, required: true }) },
    resolve: (_root, args, ctx) => resolveReportMetrics(ctx, args),
  }),
);
