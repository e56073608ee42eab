/**
 * A minimal Server-Sent Events reader for tests: connects with node:http, parses frames, and
 * waits for the next event of a type.
 */
import http from 'node:http';

export interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  comments: string[];
  /** The next event of this type after those already taken. */
  next(event: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/**
 * A `data` handler for a text stream of SSE frames: calls `onFrame` once per frame with its
 * event (when it names one) and each comment line. Shared with the API benchmark.
 */
export function sseFrames(onFrame: (event: SseEvent | undefined, comment?: string) => void): (chunk: string) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk;
    let end: number;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const e: Partial<SseEvent> & { lines: string[] } = { lines: [] };
      const comments: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else if (line.startsWith('event: ')) e.event = line.slice(7);
        else if (line.startsWith('id: ')) e.id = line.slice(4);
        else if (line.startsWith('data: ')) e.lines.push(line.slice(6));
      }
      for (const c of comments) onFrame(undefined, c);
      onFrame(e.event ? { event: e.event, ...(e.id ? { id: e.id } : {}), data: JSON.parse(e.lines.join('\n')) } : undefined);
    }
  };
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const taken = new Set<SseEvent>();
      let waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on(
        'data',
        sseFrames((e, comment) => {
          if (comment !== undefined) comments.push(comment);
          if (e) events.push(e);
          const w = waiters;
          waiters = [];
          for (const fn of w) fn();
        }),
      );
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        next(event, timeoutMs = 5000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no "${event}" event within ${timeoutMs} ms (got: ${events.map((x) => x.event).join(', ')})`)), timeoutMs);
            const look = () => {
              const found = events.find((x) => x.event === event && !taken.has(x));
              if (found) {
                taken.add(found);
                clearTimeout(timer);
                ok(found);
              } else waiters.push(look);
            };
            look();
          });
        },
        close() {
          req.destroy();
        },
      };
      resolve(client);
    });
    req.on('error', reject);
  });
}
