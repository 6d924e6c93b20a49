export type ResponseMediaType = 'application/json' | 'application/graphql-response+json';

/**
 * Returns the media type yoga gives a single result for this Accept header, or null
 * when yoga would pick another processor or reject the request (it then goes to yoga).
 * yoga takes the first listed type that a JSON result matches, skips types whose
 * charset is not utf-8, treats a missing header as any type, and prefers
 * application/json when a wildcard matches both.
 */
export function responseMediaType(accept: string | undefined): ResponseMediaType | null {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...parameters] = entry.split(';');
    const charset = parameters.find((parameter) => parameter.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8' || !mediaType) continue;

    const [group, subtype] = mediaType.split('/');
    if (group !== '*' && group !== 'application') continue;
    if (subtype === '*' || subtype === 'json') return 'application/json';
    if (subtype === 'graphql-response+json') return 'application/graphql-response+json';
  }
  return null;
}
