// Compile-time check that the hand-written payload types agree with the types GraphQL
// Code Generator writes from the server's schema: the agent's variables must be
// accepted by the schema's input types, and the schema's result must fit the agent's reader.

import type {
  ReportMetricsMutation as GeneratedResult,
  ReportMetricsMutationVariables as GeneratedVariables,
} from '../generated/graphql.ts';
import type { ReportMetricsMutation, ReportMetricsMutationVariables } from './payload-types.ts';

type Assert<T extends true> = T;

export type VariablesMatchSchema = Assert<ReportMetricsMutationVariables extends GeneratedVariables ? true : false>;
export type ResultMatchesSchema = Assert<GeneratedResult extends ReportMetricsMutation ? true : false>;
