// A GraphQL subscription over Server-Sent Events (graphql-yoga's distinct-connection mode), as a browser's fetch reads it.
import type { GraphQLResponse } from './stack';

export interface SseSubscription<T> {
  /** Every result received so far, in order. */
  readonly results: Omit<GraphQLResponse<T>, 'status'>[];
  /** The HTTP status of the stream. */
  readonly status: Promise<number>;
  /** Settles when the server ends the stream (or it is closed). */
  readonly ended: Promise<void>;
  close(): void;
}

/** POSTs the subscription with `Accept: text/event-stream` and collects each `next` event's result. */
export function subscribe<T>(
  graphqlUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  bearer?: string,
): SseSubscription<T> {
  const abort = new AbortController();
  const results: Omit<GraphQLResponse<T>, 'status'>[] = [];
  let status: (code: number) => void = () => undefined;
  const statusPromise = new Promise<number>((resolve) => (status = resolve));
  const ended = (async () => {
    try {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      status(response.status);
      if (!response.body) return;
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
          if (event === 'complete') return;
          if ((event === 'next' || event === undefined) && data) results.push(JSON.parse(data));
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    } finally {
      status(0);
    }
  })();
  return { results, status: statusPromise, ended, close: () => abort.abort() };
}
