/**
 * Returns the CORS headers yoga adds to the response of a POST from a browser under its
 * default CORS options, which allow any origin with credentials: the origin echoed back,
 * Vary, and Allow-Credentials. None without an Origin header.
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-credentials': 'true' };
}

/**
 * Tells whether yoga would add more CORS headers than corsHeaders returns: it echoes
 * the Access-Control-Request-* headers of a request that carries them.
 */
export function needsFullCors(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['access-control-request-method'] !== undefined || headers['access-control-request-headers'] !== undefined;
}
