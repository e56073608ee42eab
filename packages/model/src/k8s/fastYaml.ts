/**
 * A fast reader for the plain block YAML that generators and `kubectl get -o yaml` write
 * (issue 13: parsing was ~60 % of a whole `graph` run). It reads a deliberately small subset —
 * block maps and sequences, one-line scalars, `---` between documents, comment lines — and
 * gives up (returns undefined) on anything else: the caller then reads the whole file with the
 * `yaml` package exactly as before, so every input is accepted or rejected by `yaml` alone.
 *
 * What the subset refuses, so `yaml` decides it: tabs, CR, C0/C1 control characters, a byte
 * order mark anywhere, characters outside the Basic Multilingual Plane (surrogates), directives (`%`), `...`, `---` with content after it, a root that
 * is not a block map, keys that are not plain identifiers (`[A-Za-z_][A-Za-z0-9_./-]*`, so every
 * key is a string in the core schema) or are `__proto__`, duplicate keys, anchors, aliases, tags,
 * block scalars (`|`, `>`), multi-line scalars, complex keys (`?`), and any indentation that is
 * not exactly that of a sibling or deeper for a child.
 *
 * Scalars: a plain identifier that is not a core-schema null/bool word is that string and a
 * plain decimal without a leading zero is that number; every other one-line value is resolved
 * by `yaml` itself (as the value of a one-key map, cached per text), so `on`, `yes`, `0755`,
 * `1e3`, `0x1F`, `.inf`, quoted escapes and one-line flow collections mean exactly what `yaml`
 * says they mean; a value `yaml` reports any error on makes the whole file fall back.
 */
import { isMap, parseDocument } from 'yaml';

export interface FastDocument {
  /** The document's root map, decoded as `yaml`'s `toJS` would. */
  value: Record<string, unknown>;
  /** 1-based line of the root map's first key (the line `yaml` gives the document's contents). */
  line: number;
  /** When the root has a block sequence under `items`: the 1-based line where each item starts. */
  itemLines?: number[];
}

/** Thrown inside the reader to give up on the file. */
const GIVE_UP = Symbol('fastYaml.giveUp');

const NOT_SUBSET = /[^\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_./-]{0,252}):(?: +(.*))?$/;
const SIMPLE_STRING = /^[A-Za-z][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const CORE_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** First characters after which a one-line value is not resolved out of context (anchors, tags, block scalars, indicators). */
const REFUSED_START = new Set(['&', '*', '!', '|', '>', '%', '@', '`', '?', ':', '#']);

/** Primitive values `yaml` gives a one-line raw value in a block map; a miss is looked up once. */
const scalarCache = new Map<string, string | number | boolean | null | typeof GIVE_UP>();
const SCALAR_CACHE_MAX = 50_000;

function resolveByYaml(raw: string): unknown {
  const doc = parseDocument(`k: ${raw}`, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents) || doc.contents.items.length !== 1) return GIVE_UP;
  const v = (doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>).k;
  return v;
}

function scalar(raw: string): unknown {
  if (SIMPLE_STRING.test(raw)) return CORE_WORDS.has(raw) ? resolvePrimitive(raw) : raw;
  if (SIMPLE_INT.test(raw)) return Number(raw);
  const c = raw[0]!;
  if (REFUSED_START.has(c)) throw GIVE_UP;
  if (c === '-' && (raw.length === 1 || raw[1] === ' ')) throw GIVE_UP;
  if (c === '{' || c === '[') {
    if (raw === '{}') return {};
    if (raw === '[]') return [];
    // A one-line flow collection: fresh objects each time (never cached), no aliases or tags.
    if (/[&*!]/.test(raw)) throw GIVE_UP;
    const v = resolveByYaml(raw);
    if (v === GIVE_UP) throw GIVE_UP;
    return v;
  }
  return resolvePrimitive(raw);
}

function resolvePrimitive(raw: string): unknown {
  let v = scalarCache.get(raw);
  if (v === undefined) {
    const r = resolveByYaml(raw);
    v = r === GIVE_UP || r === null || ['string', 'number', 'boolean'].includes(typeof r) ? (r as string | number | boolean | null | typeof GIVE_UP) : GIVE_UP;
    if (scalarCache.size >= SCALAR_CACHE_MAX) scalarCache.clear();
    scalarCache.set(raw, v);
  }
  if (v === GIVE_UP) throw GIVE_UP;
  return v;
}

/**
 * Reads `text` as a stream of block-map documents, or returns undefined when any part of it is
 * outside the subset (the caller then reads it with `yaml`).
 */
export function fastParseYaml(text: string): FastDocument[] | undefined {
  if (NOT_SUBSET.test(text)) return undefined;
  try {
    return readStream(text);
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function readStream(text: string): FastDocument[] {
  const raw = text.split('\n');
  const docs: FastDocument[] = [];
  // Content lines of the current document: indent, text after the indent, 1-based line.
  let ind: number[] = [];
  let body: string[] = [];
  let nums: number[] = [];
  const flush = () => {
    if (body.length > 0) docs.push(readDocument(ind, body, nums));
    ind = [];
    body = [];
    nums = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    if (line.length === 0) continue;
    const c0 = line.charCodeAt(0);
    if (c0 === 45 /* - */ && line.startsWith('---')) {
      if (line.length !== 3) throw GIVE_UP;
      flush();
      continue;
    }
    if (c0 === 46 /* . */ && line.startsWith('...')) throw GIVE_UP;
    if (c0 === 37 /* % */) throw GIVE_UP;
    let n = 0;
    while (n < line.length && line.charCodeAt(n) === 32) n++;
    if (n === line.length) continue;
    if (line.charCodeAt(n) === 35 /* # */) continue;
    let end = line.length;
    while (line.charCodeAt(end - 1) === 32) end--;
    ind.push(n);
    body.push(n === 0 && end === line.length ? line : line.slice(n, end));
    nums.push(i + 1);
  }
  flush();
  return docs;
}

function readDocument(ind: number[], body: string[], nums: number[]): FastDocument {
  let pos = 0;
  const count = body.length;
  // The first line of a seq item that holds a compact map is re-read as a key line at the
  // column after `- `: `override` holds that line's text and column.
  let overrideAt = -1;
  let overrideText = '';
  let overrideCol = 0;
  const textAt = (i: number) => (i === overrideAt ? overrideText : body[i]!);
  const colAt = (i: number) => (i === overrideAt ? overrideCol : ind[i]!);

  const isSeqLine = (t: string) => t.charCodeAt(0) === 45 && (t.length === 1 || t.charCodeAt(1) === 32);

  /** The block node that starts at line `pos` (indent `col`). */
  const node = (col: number): unknown => (isSeqLine(textAt(pos)) ? seq(col) : map(col));

  /** The root map's `items` sequence: where each of its items starts. */
  let itemLines: number[] | undefined;
  /** Set while reading the root map's `items` value: where each of its items starts. */
  let recordItems: number[] | undefined;

  const map = (col: number, root = false): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    while (pos < count) {
      const c = colAt(pos);
      if (c < col) break;
      if (c > col) throw GIVE_UP;
      const m = KEY_LINE.exec(textAt(pos));
      if (!m) throw GIVE_UP;
      const key = m[1]!;
      if (key === '__proto__' || CORE_WORDS.has(key) || Object.prototype.hasOwnProperty.call(out, key)) throw GIVE_UP;
      const rest = m[2];
      pos++;
      if (rest !== undefined && rest.length > 0 && rest.charCodeAt(0) !== 35 /* # */) {
        out[key] = scalar(rest);
        if (pos < count && colAt(pos) > col) throw GIVE_UP; // a continuation line
        continue;
      }
      // `key:` (or `key: # comment`): the block below it, a sequence at the same indent, or null.
      const below = pos < count && colAt(pos) > col;
      const seqHere = pos < count && isSeqLine(textAt(pos)) && colAt(pos) >= col;
      if (root && key === 'items' && seqHere) recordItems = itemLines = [];
      if (below) out[key] = node(colAt(pos));
      else if (seqHere) out[key] = seq(col);
      else out[key] = null;
      recordItems = undefined;
    }
    return out;
  };

  const seq = (col: number): unknown[] => {
    const out: unknown[] = [];
    const lines = recordItems;
    recordItems = undefined;
    while (pos < count) {
      const c = colAt(pos);
      if (c < col) break;
      if (c > col) throw GIVE_UP;
      const t = textAt(pos);
      if (!isSeqLine(t)) break;
      let k = 1;
      while (k < t.length && t.charCodeAt(k) === 32) k++;
      if (k === t.length) {
        // `-` alone: the item is the deeper block on the next line.
        pos++;
        if (!(pos < count && colAt(pos) > col)) throw GIVE_UP;
        lines?.push(nums[pos]!);
        out.push(node(colAt(pos)));
        continue;
      }
      const rest = t.slice(k);
      lines?.push(nums[pos]!);
      if (isSeqLine(rest) || rest.charCodeAt(0) === 35) throw GIVE_UP;
      if (KEY_LINE.test(rest)) {
        overrideAt = pos;
        overrideText = rest;
        overrideCol = col + k;
        out.push(map(col + k));
        continue;
      }
      if (rest.includes(': ') || rest.endsWith(':')) throw GIVE_UP;
      pos++;
      out.push(scalar(rest));
      if (pos < count && colAt(pos) > col) throw GIVE_UP;
    }
    return out;
  };

  if (ind[0] !== 0 || isSeqLine(body[0]!)) throw GIVE_UP;
  const value = map(0, true);
  if (pos !== count) throw GIVE_UP;
  return { value, line: nums[0]!, ...(itemLines ? { itemLines } : {}) };
}
