import { builder } from './builder.ts';
import './scalars.ts';
import './report.ts';
import './series.ts';
import './host.ts';

export function buildSchema() {
  return builder.toSchema({ sortSchema: true });
}
