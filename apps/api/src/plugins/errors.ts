/**
 * One error handler for the whole app: client errors (validation, bad JSON, body too large,
 * unknown names) answer with their message; server errors are logged in full and answered
 * with a generic text, so no stack, path or object content leaks (fastify/demo src/app.ts).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../schemas/common.ts';

/** An error whose status and message are meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: { statusCode?: number; message?: string }, request, reply) => {
    // Raised on purpose with words for the client (404 unknown workload, 503 still syncing).
    if (err instanceof HttpError) return reply.code(err.statusCode).send(errorBody(err.statusCode, err.message));
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err, request: { method: request.method, url: request.url, params: request.params } }, 'request failed');
      return reply.code(status).send(errorBody(status, STATUS_CODES[status] ?? 'Internal Server Error'));
    }
    return reply.code(status).send(errorBody(status, err.message ?? 'Bad Request'));
  });
}
