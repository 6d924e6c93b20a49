import { builder } from './builder.ts';
import './scalars.ts';
import './report.ts';
import './series.ts';
import './host.ts';
import './subscriptions.ts';

export function buildSchema() {
  return builder.toSchema({ sortSchema: true });
}
