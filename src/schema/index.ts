import { builder } from './builder.ts';
import './scalars.ts';
import './report.ts';
import './series.ts';
import './host-details.ts';
import './host.ts';
import './host-queries.ts';
import './host-mutations.ts';
import './container.ts';
import './host-group.ts';
import './alert-rule.ts';
import './alert.ts';
import './fleet.ts';
import './api-key.ts';
import './subscriptions.ts';

export function buildSchema() {
  return builder.toSchema({ sortSchema: true });
}
