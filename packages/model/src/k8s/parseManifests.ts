/**
 * Manifest text → raw objects with file and line (pure: the caller reads the files).
 * Multi-document YAML and JSON; `kind: List` and any `*List` (kubectl get -o yaml) are
 * unwrapped; a document that does not parse is a `parse-error` with its line, and the other
 * documents of the file are still read.
 *
 * Plain block YAML (what generators and `kubectl get -o yaml` write) is read by the fast reader
 * in fastYaml.ts; a file it does not fully understand is read by the `yaml` package, which alone
 * decides what is accepted and every diagnostic. Field lines for diagnostics (`locate`) come
 * from `yaml` either way: a fast-read file is re-read with it the first time one is asked for.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { fastParseYaml, type FastDocument } from './fastYaml.ts';
import { asArr, asObj, asStr } from './fields.ts';
import type { ManifestText, SourcedObject } from './sourcedObject.ts';
import { formatPath, parsePath, type PathSegment } from './validate/jsonPath.ts';

export interface ParsedManifests {
  objects: SourcedObject[];
  diagnostics: Diagnostic[];
}

function lineOf(lc: LineCounter, node: Node | null | undefined): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lc.linePos(start).line;
}

/** Length of a `---` separator line at `start`, so a document's line is that of its first content. */
function leadingSeparator(text: string, start: number): number {
  const m = /^---[^\n]*\n/.exec(text.slice(start, start + 200));
  return m ? m[0].length : 0;
}

/**
 * What can be read off a document that does not parse: its top-level apiVersion and kind, and
 * its metadata's name and namespace (first match each). Only used to scope what it could decide.
 */
function guessObject(text: string): Record<string, unknown> {
  const top = (key: string) => new RegExp(`^${key}:[ \\t]*["']?([^"'\\s#]+)`, 'm').exec(text)?.[1];
  const meta = (key: string) =>
    new RegExp(`^metadata:[ \\t]*\\{[^}\\n]*\\b${key}:[ \\t]*["']?([^"'\\s#,}]+)`, 'm').exec(text)?.[1] ??
    new RegExp(`^metadata:[ \\t]*\\n(?:[ \\t]+.*\\n)*?[ \\t]+${key}:[ \\t]*["']?([^"'\\s#,}]+)`, 'm').exec(text)?.[1];
  const metadata: Record<string, string> = {};
  const name = meta('name');
  const namespace = meta('namespace');
  if (name) metadata.name = name;
  if (namespace) metadata.namespace = namespace;
  return { ...(top('apiVersion') ? { apiVersion: top('apiVersion') } : {}), ...(top('kind') ? { kind: top('kind') } : {}), metadata };
}

function keyOf(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** The line of the field at a JSON path below `root` (the deepest part of the path that exists). */
function locator(lc: LineCounter, root: Node): (path: string) => number | undefined {
  return (path) => {
    let node: unknown = root;
    let line = lineOf(lc, root);
    for (const seg of parsePath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyOf(p.key) === String(seg));
        if (!pair) break;
        line = lineOf(lc, pair.key as Node) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        node = node.items[seg];
        line = lineOf(lc, node as Node) ?? line;
      } else break;
    }
    return line;
  };
}

/**
 * Every key that repeats in its map (the API server's strict decoding rejects the object: a
 * lenient decoder would silently keep the last one), with its path and line.
 */
function duplicateKeys(lc: LineCounter, root: unknown): { segments: PathSegment[]; line?: number; message: string }[] {
  const out: { segments: PathSegment[]; line?: number; message: string }[] = [];
  const walk = (node: unknown, at: PathSegment[]) => {
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const k = keyOf(pair.key);
        if (k === undefined) continue;
        const line = lineOf(lc, pair.key as Node);
        if (seen.has(k)) {
          const first = seen.get(k);
          out.push({ segments: [...at, k], ...(line ? { line } : {}), message: `duplicate key "${k}"${first ? ` (first at line ${first})` : ''}: strict decoding rejects the object (a lenient reader would keep only the last value)` });
        } else seen.set(k, line);
        walk(pair.value, [...at, k]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...at, i]));
  };
  walk(root, []);
  return out;
}

/** Reads one file with the `yaml` package (the reference reader: every input it can decide). */
function parseWithYaml(file: ManifestText, objects: SourcedObject[], diagnostics: Diagnostic[]): void {
  const lc = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(file.text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    diagnostics.push({ code: 'parse-error', severity: 'error', file: file.path, message: `cannot read this file as YAML or JSON: ${(e as Error).message}` });
    return;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const syntaxErrors = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    if (syntaxErrors.length > 0) {
      const err = syntaxErrors[0]!;
      // Where the parser stopped (prettyErrors is off, so linePos is not filled in: the
      // LineCounter maps the offset), not where the document starts.
      const line = err.linePos?.[0]?.line ?? (err.pos ? lc.linePos(err.pos[0]).line : undefined) ?? lineOf(lc, doc.contents);
      const message = `YAML/JSON syntax error: ${err.message.split('\n')[0]}. The objects in this document are not read.`;
      diagnostics.push({ code: 'parse-error', severity: 'error', file: file.path, ...(line ? { line } : {}), message });
      const start = doc.range?.[0] ?? 0;
      const docLine = lc.linePos(Math.min(start + leadingSeparator(file.text, start), file.text.length)).line;
      objects.push({ object: guessObject(file.text.slice(start, doc.range?.[2] ?? file.text.length)), file: file.path, line: docLine, unreadable: { message } });
      continue;
    }
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      diagnostics.push({ code: 'parse-error', severity: 'error', file: file.path, line: lineOf(lc, doc.contents), message: `cannot decode this document: ${(e as Error).message}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    const obj = asObj(value);
    const line = lineOf(lc, doc.contents);
    if (!obj) {
      diagnostics.push({ code: 'invalid-object', severity: 'error', file: file.path, ...(line ? { line } : {}), message: 'this document is not a Kubernetes object (a map with apiVersion and kind)' });
      continue;
    }
    const dups = doc.errors.length > 0 ? duplicateKeys(lc, doc.contents) : [];
    const kind = asStr(obj.kind);
    const items = asArr(obj.items);
    if (kind && kind.endsWith('List') && items) {
      const itemNodes = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
      const nodes = isSeq(itemNodes) ? itemNodes.items : [];
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      for (const d of dups.filter((x) => !(x.segments[0] === 'items' && typeof x.segments[1] === 'number'))) {
        diagnostics.push({ code: 'parse-error', severity: 'error', file: file.path, ...(d.line ? { line: d.line } : {}), path: formatPath(d.segments), message: d.message });
      }
      items.forEach((item, i) => {
        const io = asObj(item);
        const itemLine = lineOf(lc, nodes[i] as Node | undefined);
        const itemDups = dups.filter((x) => x.segments[0] === 'items' && x.segments[1] === i).map((x) => ({ path: formatPath(x.segments.slice(2)), ...(x.line ? { line: x.line } : {}), message: x.message }));
        if (!io) {
          diagnostics.push({ code: 'invalid-object', severity: 'error', file: file.path, ...(itemLine ? { line: itemLine } : {}), message: `item ${i} of the ${kind} is not an object` });
          return;
        }
        const filled = { ...(itemKind && !io.kind ? { kind: itemKind } : {}), ...(!io.apiVersion && obj.apiVersion ? { apiVersion: obj.apiVersion } : {}), ...io };
        const node = nodes[i] as Node | undefined;
        objects.push({ object: filled, file: file.path, ...(itemLine ? { line: itemLine } : {}), ...(itemDups.length ? { decodeErrors: itemDups } : {}), ...(node ? { locate: locator(lc, node) } : {}) });
      });
      continue;
    }
    const decodeErrors = dups.map((x) => ({ path: formatPath(x.segments), ...(x.line ? { line: x.line } : {}), message: x.message }));
    objects.push({ object: obj, file: file.path, ...(line ? { line } : {}), ...(decodeErrors.length ? { decodeErrors } : {}), locate: locator(lc, doc.contents as Node) });
  }
}

/**
 * `locate` for the objects of a fast-read file: the first call re-reads the file with `yaml`
 * and keeps the locator of every document root and root `items` entry by the line it starts on.
 */
function lazyLocators(text: string): (line: number) => (path: string) => number | undefined {
  let byLine: Map<number, (path: string) => number | undefined> | undefined;
  const build = () => {
    const found = new Map<number, (path: string) => number | undefined>();
    const lc = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      const root = doc.contents;
      if (!root) continue;
      const line = lineOf(lc, root);
      if (line !== undefined) found.set(line, locator(lc, root));
      const items = isMap(root) ? root.get('items', true) : undefined;
      if (isSeq(items)) {
        for (const item of items.items) {
          const itemLine = lineOf(lc, item as Node);
          if (itemLine !== undefined && !found.has(itemLine)) found.set(itemLine, locator(lc, item as Node));
        }
      }
    }
    return found;
  };
  return (line) => (path) => (byLine ??= build()).get(line)?.(path);
}

/** The objects of a fast-read file, as parseWithYaml would give them; false when a case is left to it. */
function fromFast(file: ManifestText, docs: FastDocument[], objects: SourcedObject[]): boolean {
  const out: SourcedObject[] = [];
  const locate = lazyLocators(file.text);
  for (const doc of docs) {
    const obj = doc.value;
    const kind = asStr(obj.kind);
    const items = asArr(obj.items);
    if (kind && kind.endsWith('List') && items) {
      // Items that are not objects are diagnosed by the yaml path (with their lines).
      const lines = doc.itemLines;
      if (!lines || lines.length !== items.length) return false;
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      for (let i = 0; i < items.length; i++) {
        const io = asObj(items[i]);
        if (!io) return false;
        const filled = { ...(itemKind && !io.kind ? { kind: itemKind } : {}), ...(!io.apiVersion && obj.apiVersion ? { apiVersion: obj.apiVersion } : {}), ...io };
        out.push({ object: filled, file: file.path, line: lines[i]!, locate: locate(lines[i]!) });
      }
      continue;
    }
    out.push({ object: obj, file: file.path, line: doc.line, locate: locate(doc.line) });
  }
  for (const o of out) objects.push(o);
  return true;
}

/** Options for tests: `fast: false` reads every file with the `yaml` package only. */
export interface ParseOptions {
  fast?: boolean;
}

export function parseManifests(files: ManifestText[], options: ParseOptions = {}): ParsedManifests {
  const objects: SourcedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const docs = options.fast === false ? undefined : fastParseYaml(file.text);
    if (docs && fromFast(file, docs, objects)) continue;
    parseWithYaml(file, objects, diagnostics);
  }
  return { objects, diagnostics };
}
