import type { z } from 'zod';
import type { GraphQLExecutor } from './executor.ts';

/** Tool result: structured data for the assistant and a short summary for a person. */
export type ToolOutput = { summary: string; data: Record<string, unknown> };

/** A failure the assistant can act on, shown as a tool error with this message. */
export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

export type ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> = {
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  run(args: z.infer<z.ZodObject<Shape>>, execute: GraphQLExecutor): Promise<ToolOutput>;
};

/** Declares a tool; the identity function keeps the argument types tied to the schema. */
export function defineTool<Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return tool;
}
