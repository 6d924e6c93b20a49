import { SERIES_METRIC_NAMES } from '../metrics/series-metrics.ts';
import { builder } from './builder.ts';

export const SeriesPointRef = builder.simpleObject('SeriesPoint', {
  description: 'One time bucket of a series: the bucket start and the aggregates of its samples.',
  fields: (t) => ({
    bucket: t.field({ type: 'DateTime' }),
    avg: t.float({ nullable: true, description: 'Mean value; for byte and error counts, the mean amount per report.' }),
    min: t.float({ nullable: true, description: 'Smallest value; null for byte and error counts.' }),
    max: t.float({ nullable: true, description: 'Largest value; null for byte and error counts.' }),
    sum: t.float({ nullable: true, description: 'Total of byte and error counts over the bucket; null for other metrics.' }),
    samples: t.int({ description: 'Reports that fell in the bucket.' }),
  }),
});

export const SeriesMetricEnum = builder.enumType('SeriesMetric', {
  description: 'A stored metric. DISK_ metrics need mountPoint, NETWORK_ metrics interface; CONTAINER_ metrics exist on Container only.',
  values: SERIES_METRIC_NAMES,
});

/** Arguments of every series field: the window as from/to or a period back from now, and the bucket width. */
export const seriesWindowArgs = builder.args((t) => ({
  from: t.field({ type: 'DateTime', required: false, description: 'Window start; give from (and to) or period.' }),
  to: t.field({ type: 'DateTime', required: false, description: 'Window end; now when omitted.' }),
  period: t.string({ required: false, description: 'How far back from now, such as 1h, 24h or 7d; 1h when neither from nor period is given.' }),
  interval: t.string({ required: false, description: 'Bucket width such as 1m or 5m; chosen from the window when omitted, widened to keep at most 1000 buckets.' }),
}));
