import { builder } from './builder.ts';

export const SeriesPointRef = builder.simpleObject('SeriesPoint', {
  description: 'One time bucket of a series: the bucket start and the aggregates of its samples.',
  fields: (t) => ({
    bucket: t.field({ type: 'DateTime' }),
    avg: t.float({ nullable: true }),
    min: t.float({ nullable: true }),
    max: t.float({ nullable: true }),
    samples: t.int(),
  }),
});
