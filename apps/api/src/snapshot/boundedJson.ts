/**
 * A JSON document written in pieces under a byte budget, so a graph too big to send is refused
 * after at most `maxBytes` of work and memory instead of crashing the process: one
 * JSON.stringify of 3.7 million edges (30,000 workloads) is more than V8's longest string
 * ("RangeError: Invalid string length", thrown from the start-up warm-up and fatal). The bytes
 * are exactly those of JSON.stringify on the whole object (keys in the order given; arrays
 * element by element), held by test/routes/graphLimit.test.ts.
 */

/** The document passed `maxBytes` while being written. */
export class BodyTooLarge extends Error {
  constructor(
    /** Bytes written when it gave up (more than the limit). */
    readonly bytesSoFar: number,
    readonly maxBytes: number,
  ) {
    super(`more than ${maxBytes} bytes of JSON`);
    this.name = 'BodyTooLarge';
  }
}

/** A top-level field: a value written whole, or an array written element by element. */
export type JsonField = { value: unknown } | { items: readonly unknown[] };

const CHUNK_CHARS = 1 << 20;

/**
 * `{"k1":v1,"k2":[e1,e2,…],…}` as UTF-8 bytes; throws BodyTooLarge as soon as the bytes
 * written pass `maxBytes` (at most one element past it is ever held).
 */
export function boundedJson(fields: readonly (readonly [string, JsonField])[], maxBytes: number): Buffer {
  const buffers: Buffer[] = [];
  let bytes = 0;
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const b = Buffer.from(pending, 'utf8');
    pending = '';
    bytes += b.length;
    buffers.push(b);
    if (bytes > maxBytes) throw new BodyTooLarge(bytes, maxBytes);
  };
  const write = (s: string) => {
    pending += s;
    // Characters are at least bytes: a cheap early check, the exact one at each flush.
    if (pending.length >= CHUNK_CHARS || bytes + pending.length > maxBytes) flush();
  };
  write('{');
  let first = true;
  for (const [key, field] of fields) {
    // As JSON.stringify: a field whose value is undefined is left out.
    if ('value' in field && field.value === undefined) continue;
    write(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if ('value' in field) {
      write(JSON.stringify(field.value));
      continue;
    }
    write('[');
    field.items.forEach((item, j) => write(`${j ? ',' : ''}${JSON.stringify(item) ?? 'null'}`));
    write(']');
  }
  write('}');
  flush();
  return buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers, bytes);
}
