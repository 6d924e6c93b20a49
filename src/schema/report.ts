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

builder.mutationField('reportMetrics', (t) =>
  t.field({
    type: ReportMetricsPayload,
    description: 'Stores one report or a batch of buffered reports from one agent. Needs an ingest or admin key.',
    args: { input: t.arg({ type: ReportMetricsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const principal = requireAccess(ctx, 'ingest');
      return ctx.services.ingest.ingest(principal.projectId, { ...input, reports: input.reports.map((r) => ({ ...r, id: String(r.id) })) });
    },
  }),
);
