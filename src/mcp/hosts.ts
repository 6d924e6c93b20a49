import { closestNames } from './closest.ts';
import type { GraphQLExecutor } from './executor.ts';
import { McpHostNamesDocument, type McpHostNamesQuery } from './generated/graphql.ts';
import { ToolInputError } from './tool.ts';

// Names read to suggest alternatives for an unknown host; a larger fleet gets
// suggestions from its first pages only.
const MAX_NAME_PAGES = 20;

/** Lists the names of the caller's hosts, a page of 100 at a time. */
export async function listHostNames(execute: GraphQLExecutor): Promise<string[]> {
  const names: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_NAME_PAGES; page += 1) {
    const result: McpHostNamesQuery = await execute(McpHostNamesDocument, after ? { after } : {});
    names.push(...result.hosts.edges.map((edge) => edge.node.name));
    if (!result.hosts.pageInfo.hasNextPage) break;
    after = result.hosts.pageInfo.endCursor;
  }
  return names;
}

/** Builds the error for a host name that matched nothing, naming the closest hosts. */
export async function unknownHostError(name: string, execute: GraphQLExecutor): Promise<ToolInputError> {
  const names = await listHostNames(execute);
  if (names.length === 0) {
    return new ToolInputError(`No host named "${name}": this project has no hosts yet. Is an agent reporting?`);
  }
  const suggestions = closestNames(name, names);
  return new ToolInputError(
    `No host named "${name}". Closest host names: ${suggestions.join(', ')}. ` +
      'Use sentinel_list_hosts to see every host.',
  );
}

/** Returns the host a tool asked for, or throws the unknown-host error. */
export async function requireHost<Host>(
  name: string,
  host: Host | null,
  execute: GraphQLExecutor,
): Promise<Host> {
  if (host) return host;
  throw await unknownHostError(name, execute);
}
