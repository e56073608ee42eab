/**
 * JSON types as written, before schema validation. Fastify's Ajv coerces types (so that query
 * strings can be numbers and booleans), which for a JSON body turns `"port": true` into port 1
 * and `"port": "5432"` or `[5432]` into 5432: a question the client did not ask would get an
 * answer. This check runs first (a preValidation hook) and refuses a body property whose JSON
 * type is not the one its schema declares; everything else is left to the schema.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../plugins/errors.ts';

interface PropertySchema {
  type?: string;
  enum?: readonly unknown[];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const ARTICLED: Record<string, string> = { integer: 'a number', array: 'an array', object: 'an object' };

function fits(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** The first property of `body` whose JSON type differs from its schema's, as a message; undefined when none. */
export function bodyTypeMismatch(schema: { properties?: Record<string, PropertySchema> }, body: unknown): string | undefined {
  if (jsonType(body) !== 'object') return undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const property = schema.properties?.[key];
    if (!property) continue;
    const actual = jsonType(value);
    if (property.type !== undefined && !fits(property.type, actual)) return `body/${key} must be a JSON ${property.type}, not ${ARTICLED[actual] ?? `a ${actual}`}`;
    if (property.enum && !property.enum.includes(value)) return `body/${key} must be one of ${property.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return undefined;
}

/** A preValidation hook refusing bodies whose property types the schema would otherwise coerce. */
export function strictBodyTypes(schema: { properties?: Record<string, PropertySchema> }) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const mismatch = bodyTypeMismatch(schema, request.body);
    done(mismatch === undefined ? undefined : new HttpError(400, mismatch));
  };
}
