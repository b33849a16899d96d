// A counting HTTP proxy in front of stripe-mock (which is stateless): how many requests each idempotency key made, and declines on demand.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeCounter {
  url: string;
  /** Requests seen, by the Idempotency-Key header. */
  requestsFor(key: string): number;
  /** Requests whose body mentions this text (e.g. an order id) are declined like a refused card. */
  declineWhenBodyHas(text: string): void;
  close(): Promise<void>;
}

export async function startStripeCounter(target: string): Promise<StripeCounter> {
  const counts = new Map<string, number>();
  const declines = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
      const text = decodeURIComponent(body.toString('utf8'));
      if ([...declines].some((d) => text.includes(d))) {
        res.writeHead(402, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
          }),
        );
        return;
      }
      const upstream = http.request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requestsFor: (key) => counts.get(key) ?? 0,
    declineWhenBodyHas: (text) => declines.add(text),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
