// Which browser origins may call the API (KEFU_CORS_ORIGINS): an allow-list, answered per request.
import type { CORSOptions } from 'graphql-yoga';

/**
 * The yoga `cors` option for an allow-list: an allowed origin gets its own name back (never a credential grant:
 * Kefu's credentials are bearer tokens, not cookies); any other origin gets no CORS headers, so the browser
 * keeps the response from the page. `*` allows every origin.
 */
export function corsPolicy(allowed: string[]): (request: Request) => CORSOptions {
  const any = allowed.includes('*');
  const origins = new Set(allowed);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(any || origins.has(origin))) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type'],
      credentials: false,
      maxAge: 600,
    };
  };
}
