/**
 * A small stand-in for a Spice runtime's AI routes (models, chat SSE, search, nsql), for
 * the end-to-end tests of `chat`, `search` and `nsql` over real sockets on port 0. It
 * checks X-API-Key, records every request, and can stall an answer after its first
 * token (keep-alive comments only) so Ctrl-C and the stall deadline can be tested.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRuntimeOptions {
  key: string;
  models?: Array<{ id: string; status: string }>;
  /** Send `data: [DONE]` at the end of answers (the Spice runtime does not). */
  done?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeRuntime {
  url: string;
  requests: SeenRequest[];
  /** The answer's words: the reply to a question is "echo: <question>" unless set here. */
  nextAnswer: string[] | undefined;
  /** The next answer sends its first token, then only keep-alive comments until the client goes away. */
  stallAfterFirstToken: boolean;
  close(): Promise<void>;
}

export async function startFakeRuntime(o: FakeRuntimeOptions): Promise<FakeRuntime> {
  const models = o.models ?? [{ id: 'assistant', status: 'Ready' }];
  const timers = new Set<NodeJS.Timeout>();
  const state: FakeRuntime = { url: '', requests: [], nextAnswer: undefined, stallAfterFirstToken: false, close: async () => {} };

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the text
      }
      state.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (req.headers['x-api-key'] !== o.key) return text(res, 401, 'Unauthorized');
      route(req.method ?? 'GET', path.split('?')[0]!, body as Record<string, unknown>, res);
    });
  });

  const route = (method: string, path: string, body: Record<string, unknown>, res: ServerResponse) => {
    if (method === 'GET' && path === '/v1/models') {
      return json(res, 200, { object: 'list', data: models.map((m) => ({ id: m.id, object: 'model', owned_by: 'openai:gpt-4o-mini', datasets: null, status: m.status })) });
    }
    if (method === 'POST' && path === '/v1/chat/completions') return chat(body, res);
    if (method === 'POST' && path === '/v1/search') {
      if (body.limit === 0) return text(res, 400, 'Limit must be greater than 0');
      return json(res, 200, {
        results: [
          { matches: { body: ['Refunds are issued within 14 days of a return, to the original payment method.'] }, data: { title: 'Refunds' }, primary_key: { id: 42 }, _score: 0.9123, dataset: 'docs' },
          { matches: { body: ['Returns from the EU ship to our Dublin warehouse.'] }, primary_key: { id: 7 }, _score: 0.6, dataset: 'docs' },
        ].slice(0, typeof body.limit === 'number' ? body.limit : 3),
        duration_ms: 5,
      });
    }
    if (method === 'POST' && path === '/v1/nsql') {
      return json(res, 200, {
        row_count: 2,
        schema: { fields: [{ name: 'region', data_type: 'Utf8', nullable: false }, { name: 'late', data_type: 'Int64', nullable: false }], metadata: {} },
        data: [
          { late: 3, region: 'eu' },
          { late: 1, region: 'us' },
        ],
        sql: 'SELECT region, count(*) AS late FROM orders GROUP BY region',
      });
    }
    text(res, 404, '');
  };

  const chat = (body: Record<string, unknown>, res: ServerResponse) => {
    const model = String(body.model);
    if (!models.some((m) => m.id === model)) return text(res, 404, `model '${model}' not found`);
    const messages = (body.messages as Array<{ role: string; content: string }>) ?? [];
    const question = messages.filter((m) => m.role === 'user').pop()?.content ?? '';
    const words = state.nextAnswer ?? ['echo', ': ', question.replace(/\s+/g, ' ')];
    state.nextAnswer = undefined;
    const stall = state.stallAfterFirstToken;
    state.stallAfterFirstToken = false;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (v: unknown) => res.write(`data: ${JSON.stringify(v)}\n\n`);
    const chunk = (delta: object) => ({ id: 'c1', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: null }] });
    send(chunk({ role: 'assistant' }));
    let i = 0;
    const tick = () => {
      if (res.destroyed) return;
      if (stall && i === 1) {
        res.write(': keep-alive\n\n');
        return later(tick, 50);
      }
      if (i < words.length) {
        send(chunk({ content: words[i++] }));
        return later(tick, 5);
      }
      send({ id: 'c1', object: 'chat.completion.chunk', created: 0, model, choices: [], usage: { prompt_tokens: messages.length * 4, completion_tokens: words.length, total_tokens: messages.length * 4 + words.length } });
      if (o.done) res.write('data: [DONE]\n\n');
      res.end();
    };
    later(tick, 5);
  };

  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

function json(res: ServerResponse, status: number, v: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(v));
}

function text(res: ServerResponse, status: number, s: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(s);
}
