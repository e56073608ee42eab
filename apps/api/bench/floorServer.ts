/**
 * The floor: what this machine and these load generators can do at all. A trivial server in
 * its own process reads each POST body, parses it as JSON and answers with one fixed JSON body
 * (a real check answer, so the bytes are the same): once as plain node:http, once as a bare
 * Fastify route (its JSON body parsing included, no hooks, no schema). Run under the same load
 * as POST /api/v1/check, it shows the latency that is left when the server does no work.
 */
import { startProcess, type ServerProcess } from './serverProcess.ts';

const SOURCE = `
const body = process.env.FLOOR_BODY;
const announce = (port) => process.stderr.write('floor at http://127.0.0.1:' + port + '\\n');
if (process.env.FLOOR_KIND === 'fastify') {
  const { default: Fastify } = await import(process.env.FLOOR_FASTIFY);
  const app = Fastify();
  app.post('/api/v1/check', (request, reply) => { reply.type('application/json; charset=utf-8').send(body); });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce(app.server.address().port);
} else {
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => announce(server.address().port));
}
`;

export type FloorKind = 'node:http' | 'fastify';

export function startFloorServer(kind: FloorKind, body: string): Promise<ServerProcess> {
  return startProcess(['--input-type=module', '-e', SOURCE], /floor at (http:\/\/\S+)/, {
    FLOOR_KIND: kind,
    FLOOR_BODY: body,
    FLOOR_FASTIFY: import.meta.resolve('fastify'),
  });
}
