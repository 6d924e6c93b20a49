import { z } from 'zod';

const portMappingSchema = z.object({
  containerPort: z.number().int(),
  hostPort: z.number().int().nullish(),
  protocol: z.string().nullish(),
  hostIp: z.string().nullish(),
});
export type PortMapping = z.infer<typeof portMappingSchema>;

/** Reads the stored port mappings of a container, skipping entries that do not have the expected shape. */
export function parsePortMappings(stored: unknown): PortMapping[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry) => {
    const parsed = portMappingSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

const labelListSchema = z.array(z.object({ name: z.string(), value: z.string() }));

/** Returns a container's labels as one object of name to value, whether stored as an object or as a list of pairs. */
export function labelObject(stored: unknown): Record<string, unknown> {
  const list = labelListSchema.safeParse(stored);
  if (list.success) return Object.fromEntries(list.data.map(({ name, value }) => [name, value]));
  return stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
}
