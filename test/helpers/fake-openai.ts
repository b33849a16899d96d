// A small OpenAI-compatible HTTP server for tests: each test sets how it answers and reads what it was sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model?: string;
  messages?: { role: string; content: string }[];
}

export type Behaviour = (res: http.ServerResponse, body: ChatRequest) => void;

export interface FakeOpenAi {
  /** e.g. http://127.0.0.1:PORT/v1, for OPENAI_BASE_URL. */
  baseUrl: string;
  /** Every request's messages, joined, in arrival order. */
  received: string[];
  /** Every request's body as parsed. */
  requests: ChatRequest[];
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

/** A chat completion whose only choice says `content`. */
export const chat = (content: string | null) => ({
  id: 'x',
  object: 'chat.completion',
  created: 0,
  model: 'fake',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
});

export const json = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  let behaviour: Behaviour = (res) => json(res, 500, { error: { message: 'no behaviour set' } });
  const received: string[] = [];
  const requests: ChatRequest[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const body = data ? (JSON.parse(data) as ChatRequest) : {};
      requests.push(body);
      received.push(body.messages?.map((m) => m.content).join('\n') ?? '');
      behaviour(res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    received,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
