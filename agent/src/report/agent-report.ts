import type { ReportInput } from '../generated/graphql.ts';

/**
 * A report as the agent builds it. The schema's `ID` input also accepts numbers, but the
 * agent's report ids are UUID strings, and the buffer, the spool and the acknowledgements
 * are keyed by them.
 */
export type AgentReport = ReportInput & { id: string };
