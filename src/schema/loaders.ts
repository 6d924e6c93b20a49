import DataLoader from 'dataloader';
import type { GraphQLContext } from '../context.ts';
import { groupAverages, type GroupAverage } from '../metrics/group-storage.ts';
import { latestProcesses, type ProcessRow } from '../metrics/process-storage.ts';

type Loaders = {
  processes: DataLoader<string, ProcessRow[]>;
  groupAverage: DataLoader<string, GroupAverage | null>;
};

// One set of loaders per request: a list page batches its per-host lookups into one
// query each, and no cached value outlives the request.
const loadersByContext = new WeakMap<GraphQLContext, Loaders>();

export function loaders(ctx: GraphQLContext): Loaders {
  let found = loadersByContext.get(ctx);
  if (!found) {
    const pool = ctx.services.pool;
    found = {
      processes: new DataLoader(async (hostIds) => {
        const byHost = await latestProcesses(pool, hostIds);
        return hostIds.map((id) => byHost.get(id) ?? []);
      }),
      groupAverage: new DataLoader(async (groupIds) => {
        const byGroup = await groupAverages(pool, groupIds);
        return groupIds.map((id) => byGroup.get(id) ?? null);
      }),
    };
    loadersByContext.set(ctx, found);
  }
  return found;
}
