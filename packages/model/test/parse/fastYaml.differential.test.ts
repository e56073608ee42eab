/**
 * Issue 13: the fast manifest reader (src/k8s/fastYaml.ts) must accept and reject exactly what
 * the `yaml` package does and give the same objects, lines, field lines and diagnostics. Every
 * case here is read twice — `parseManifests(files, { fast: false })` (the `yaml` package alone,
 * the reader before issue 13) and `parseManifests(files)` — and the two results must be equal:
 * objects, their lines, `decodeErrors`, `unreadable`, every parse diagnostic, the line `locate`
 * gives for every JSON path in every object (and for paths that do not exist), and the
 * diagnostics buildInventory reports from them (which carry those lines).
 *
 * Corpus: every YAML/JSON file in the repository (test fixtures, demo, deploy, Helm chart), the
 * synthetic cluster in three writings (indented sequences, kubectl's unindented ones, `kind:
 * List`), a table of YAML 1.2 core-schema scalars (YAML 1.2.2 §10.3.2 tag resolution: `on`,
 * `yes`, `0755`, `1e3`, … are what the core schema says, not YAML 1.1) in three positions, a
 * table of structural cases (BOM, CRLF, tabs, anchors, duplicate keys, block scalars, …), and
 * seeded mutations of a manifest file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateCluster } from '../../bench/synthetic.ts';
import { buildInventory } from '../../src/index.ts';
import { fastParseYaml } from '../../src/k8s/fastYaml.ts';
import { parseManifests } from '../../src/k8s/parseManifests.ts';
import type { ManifestText, SourcedObject } from '../../src/k8s/sourcedObject.ts';
import { formatPath, type PathSegment } from '../../src/k8s/validate/jsonPath.ts';
import { mulberry32 } from '../../src/util/mulberry32.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every JSON path in a value (maps and lists, every depth), plus ones that do not exist. */
function pathsOf(v: unknown, at: PathSegment[] = [], out: string[] = []): string[] {
  if (at.length > 0) out.push(formatPath(at));
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  if (at.length === 0) out.push('nope', 'spec.nope[3]', 'metadata.labels["not.there"]', 'spec.ingress[99].from', 'items[0].metadata');
  return out;
}

const withoutLocate = (objects: SourcedObject[]) => objects.map(({ locate: _locate, ...rest }) => rest);

/** Reads `files` both ways and asserts the same result; returns how many files the fast reader took. */
function expectSame(files: ManifestText[]): number {
  const reference = parseManifests(files, { fast: false });
  const fast = parseManifests(files);
  expect(withoutLocate(fast.objects)).toEqual(withoutLocate(reference.objects));
  expect(fast.diagnostics).toEqual(reference.diagnostics);
  reference.objects.forEach((ref, i) => {
    const got = fast.objects[i]!;
    expect(got.locate === undefined).toBe(ref.locate === undefined);
    for (const p of pathsOf(ref.object)) expect([p, got.locate?.(p)]).toEqual([p, ref.locate?.(p)]);
  });
  expect(buildInventory(fast.objects).diagnostics).toEqual(buildInventory(reference.objects).diagnostics);
  return files.filter((f) => fastParseYaml(f.text) !== undefined).length;
}

function repoFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', '.git', 'test-results', 'playwright-report', 'coverage'].includes(name)) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) repoFiles(p, out);
    else if (/\.(ya?ml|json)$/.test(name) && st.size < 2_000_000 && !name.startsWith('pnpm-lock')) out.push(p);
  }
  return out;
}

describe('fast reader = yaml package: every YAML/JSON file in the repository', () => {
  const files = repoFiles(REPO).sort();
  it('finds the fixtures, the demo and the deploy manifests', () => {
    expect(files.some((f) => f.includes('/apps/api/demo/'))).toBe(true);
    expect(files.some((f) => f.includes('/packages/model/test/fixtures/'))).toBe(true);
    expect(files.some((f) => f.includes('/deploy/'))).toBe(true);
  });
  it.each(files.map((f) => [f.slice(REPO.length)]))('%s', (rel) => {
    expectSame([{ path: rel, text: readFileSync(join(REPO, rel), 'utf8') }]);
  }, 60_000);
  it('the fast reader takes most of the demo', () => {
    const demo = files.filter((f) => f.includes('/apps/api/demo/'));
    const taken = demo.filter((f) => fastParseYaml(readFileSync(f, 'utf8')) !== undefined);
    expect(taken.length).toBeGreaterThan(demo.length / 2);
  });
});

/** The synthetic cluster as files, one per namespace (as bench/writeSynthetic.ts writes it). */
function syntheticFiles(write: (o: SourcedObject[]) => string, seed: number): ManifestText[] {
  const byFile = new Map<string, SourcedObject[]>();
  for (const o of generateCluster({ workloads: 90, seed, namespaces: 6, meshedEvery: 3, wide: 0.3 })) {
    const f = o.file ?? 'cluster.yaml';
    byFile.set(f, [...(byFile.get(f) ?? []), o]);
  }
  return [...byFile].map(([path, objects]) => ({ path, text: write(objects) }));
}

describe('fast reader = yaml package: the synthetic cluster', () => {
  const writings: [string, (o: SourcedObject[]) => string][] = [
    ['multi-document, sequences indented (yaml stringify)', (os) => os.map((o) => stringify(o.object, { aliasDuplicateObjects: false })).join('---\n')],
    ['multi-document, sequences at the key indent (kubectl get -o yaml)', (os) => `---\n${os.map((o) => stringify(o.object, { aliasDuplicateObjects: false, indentSeq: false })).join('---\n')}`],
    ['one kind: List per file', (os) => stringify({ apiVersion: 'v1', kind: 'List', items: os.map((o) => o.object) }, { aliasDuplicateObjects: false, indentSeq: false })],
    ['one NetworkPolicyList of the policies, items without kind', (os) => stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicyList', items: os.filter((o) => o.object.kind === 'NetworkPolicy').map(({ object: { kind: _k, ...rest } }) => rest) }, { aliasDuplicateObjects: false })],
    ['comments and blank lines everywhere', (os) => os.map((o) => `# ${String(o.object.kind)}\n\n${stringify(o.object, { aliasDuplicateObjects: false }).replace(/\n/g, '\n\n  # c\n')}`).join('---\n')],
  ];
  it.each(writings)('%s', (_name, write) => {
    const files = syntheticFiles(write, 3);
    // Every file the fast reader takes but the one with the Linkerd config's block scalar.
    expect(expectSame(files)).toBe(files.filter((f) => !/: [|>]-?\n/.test(f.text)).length);
    expect(files.filter((f) => /: [|>]-?\n/.test(f.text)).length).toBeLessThanOrEqual(1);
  }, 60_000);
});

/** One-line values, read as a map value, a sequence item and a key (YAML 1.2.2 §10.3.2 core schema). */
const SCALARS = [
  'on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', 'nULL', '~',
  '0', '00', '007', '0755', '0o755', '0o8', '0x1F', '0x1f', '0xG', '1e3', '1E3', '-1e3', '1e+3', '1.5', '.5', '1.', '+1', '-1', '+12', '-0', '1_000', '1,000',
  '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.NaN', '.nan', '.NAN', '12345678901234567890', '123456789012345', '9007199254740993',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '1:20', '190:20:30', 'v1', 'apps/v1', 'a:b', 'a:', 'http://x:8080/p', 'a b c', 'a #b', 'a#b', 'a # b: c',
  '"a: b"', '"a"', "'a'", "'it''s'", '"a\\"b"', '"\\t"', '"\\u00e9"', '"\\x41"', '"\\q"', '""', "''", '"true"', "'0755'",
  '[a, b]', '[1, "2", on]', '{a: 1}', '{a: 1, a: 2}', '[]', '{}', '[ ]', '{ }', '[a, [b, {c: d}]]', '[*x]', '{a: &x 1}',
  '&a x', '*a', '!!str 1', '!!int "3"', '!custom x', '|', '>', '|-', '-', '- x', '? x', ': x', 'a: b', '`x`', '@x', '%x', '#x',
  '"unterminated', "'unterminated", '[unterminated', '{unterminated', '"x" y', "'x' # c", 'x # c', 'x  ', 'x:y:z', '-x', '--x', '---', '...', 'a,b', 'a]', 'a}', 'a{b',
  '__proto__', 'constructor', 'hasOwnProperty', 'toString',
];

const inMap = (raw: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n  k: ${raw}\n  other: x\n`;
const inSeq = (raw: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\n  finalizers:\n  - ${raw}\n  - x\n`;
const asKey = (raw: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\n  labels:\n    ${raw}: v\n    z: w\n`;

describe('fast reader = yaml package: core-schema scalars', () => {
  it.each(SCALARS.map((s) => [s]))('%s as a map value, a sequence item and a key', (raw) => {
    expectSame([{ path: 'in-map.yaml', text: inMap(raw) }]);
    expectSame([{ path: 'in-seq.yaml', text: inSeq(raw) }]);
    expectSame([{ path: 'as-key.yaml', text: asKey(raw) }]);
  }, 60_000);
  it('YAML 1.1 words stay strings and 1.2 numbers are numbers, through the fast reader', () => {
    const docs = fastParseYaml(inMap('on') + '---\n' + inMap('0755') + '---\n' + inMap('1e3') + '---\n' + inMap('yes') + '---\n' + inMap('0x1F'));
    expect(docs?.map((d) => (d.value.data as Record<string, unknown>).k)).toEqual(['on', 755, 1000, 'yes', 31]);
  });
});

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: a\nspec:\n  podSelector:\n    matchLabels:\n      app: x\n  ingress:\n  - from:\n    - podSelector: {}\n    ports:\n    - port: 80\n      protocol: TCP\n';

/** Whole-file cases: name, text. */
const STRUCTURE: [string, string][] = [
  ['empty file', ''],
  ['only blank lines and spaces', '\n   \n\n'],
  ['only a comment', '# nothing\n'],
  ['no newline at the end', NS.trimEnd()],
  ['leading ---', `---\n${NS}`],
  ['trailing ---', `${NS}---\n`],
  ['empty documents between ---', `${NS}---\n---\n\n---\n${POLICY}`],
  ['--- followed by a comment', `--- # first\n${NS}`],
  ['--- followed by content', `--- ${NS}`],
  ['---x is a scalar line, not a separator', `${NS}---x\n`],
  ['... document end', `${NS}...\n---\n${POLICY}`],
  ['%YAML directive', `%YAML 1.2\n---\n${NS}`],
  ['%TAG directive and a tag', `%TAG !k! tag:k8s,2024:\n---\n${NS}  labels: !k!x {a: b}\n`],
  ['byte order mark', `\uFEFF${NS}`],
  ['CRLF line ends', `${NS}---\n${POLICY}`.replace(/\n/g, '\r\n')],
  ['CRLF in one document only', `${NS.replace(/\n/g, '\r\n')}---\n${POLICY}`],
  ['a lone CR', `${NS}  labels:\r    a: b\n`],
  ['tab indentation', `${NS}  labels:\n\ta: b\n`],
  ['tab after the colon', NS.replace('name: a', 'name:\ta')],
  ['trailing spaces after values and ---', `${NS.replace(/\n/g, '   \n')}---   \n${POLICY}`],
  ['trailing comments', `${NS.replace('name: a', 'name: a # the name')}  labels: # none\n    x: y\n`],
  ['comment lines at odd indents', `${NS}# col 0\n      # deep\n  labels:\n # shallow\n    x: y\n`],
  ['non-ASCII value', `${NS}  labels:\n    owner: José\n`],
  ['non-ASCII comments', `# Seed — the homelab → ok\n${NS}  # naïve\n  labels:\n    a: b # “quoted”\n`],
  ['NBSP, NEL, LS and ideographic space in values', `${NS}  labels:\n    a: x\u00a0y\n    b: x\u0085y\n    c: x\u2028y\n    d: x\u3000\n    e:\u00a0z\n`],
  ['NBSP after a colon in a sequence item', `${NS}  finalizers:\n  - a:\u00a0b\n`],
  ['a C1 control character in a comment', `${NS}# \u0085 \u009b\n`],
  ['a NUL in a value', `${NS}  labels:\n    a: x\u0000y\n`],
  ['emoji in an annotation', `${NS}  annotations:\n    note: "🙂 ok"\n`],
  ['a root scalar', 'just a string\n'],
  ['a root sequence', '- a\n- b\n'],
  ['an indented root map', `  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n`],
  ['a root null', '~\n'],
  ['JSON object', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'j' } })],
  ['pretty JSON', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'j' } }] }, null, 2)],
  ['JSON with a duplicate key', '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "name": "b"}}'],
  ['duplicate key at the root', `${NS}kind: Pod\n`],
  ['duplicate key nested', `${NS}  name: b\n`],
  ['duplicate key inside a List item', `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n    name: b\n`],
  ['duplicate key in a one-line flow map', `${NS}  labels: {a: 1, a: 2}\n`],
  ['__proto__ key', `${NS}  labels:\n    __proto__: x\n`],
  ['__proto__ key with a map', `${NS}  __proto__:\n    polluted: yes\n`],
  ['merge key with an anchor', `${NS}  labels: &l\n    a: b\n  annotations:\n    <<: *l\n`],
  ['anchor and alias', `${NS}  labels: &l {a: b}\n  annotations: *l\n`],
  ['alias to an undefined anchor', `${NS}  labels: *nowhere\n`],
  ['alias bomb beyond maxAliasCount', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`],
  ['multi-line plain scalar', `${NS}  labels:\n    a: first\n      second\n`],
  ['multi-line plain scalar in a sequence', `${POLICY}    - port: 81\n      protocol: TCP\n        UDP\n`],
  ['multi-line double-quoted scalar', `${NS}  annotations:\n    a: "one\n      two"\n`],
  ['multi-line flow map', `${NS}  labels: {a: b,\n    c: d}\n`],
  ['literal block scalar', `${NS}  annotations:\n    a: |\n      one\n      two\n`],
  ['folded block scalar, keep', `${NS}  annotations:\n    a: >+\n      one\n\n`],
  ['block scalar with --- inside', `${NS}  annotations:\n    a: |\n      x\n---\n${POLICY}`],
  ['sequence at the key indent (kubectl)', POLICY],
  ['sequence indented under the key', POLICY.replace(/\n {2}- from:\n {4}- podSelector: \{\}\n {4}ports:\n {4}- port: 80\n {6}protocol: TCP/, '\n    - from:\n        - podSelector: {}\n      ports:\n        - port: 80\n          protocol: TCP')],
  ['- alone, the item on the next line', `${NS}  finalizers:\n  -\n    a: b\n  -\n    - x\n`],
  ['- alone with nothing below (a null item)', `${NS}  finalizers:\n  -\n  - x\n`],
  ['nested sequences on one line', `${NS}  finalizers:\n  - - a\n    - b\n`],
  ['compact map after - with extra spaces', `${NS}  finalizers:\n  -   a: 1\n      b: 2\n`],
  ['compact map after - misaligned', `${NS}  finalizers:\n  -   a: 1\n    b: 2\n`],
  ['a sequence item then a deeper line', `${NS}  finalizers:\n  - a\n    b\n`],
  ['3-space indent under 2', `${NS}  labels:\n     a: b\n    c: d\n`],
  ['under-indented sibling', `${NS}  labels:\n    a: b\n   c: d\n`],
  ['over-indented sibling', `${NS}  labels:\n    a: b\n      c: d\n`],
  ['a sequence entry among map keys', `${NS}  labels:\n    a: b\n    - c\n`],
  ['key without a space after the colon', `${NS}  labels:\n    a:b\n`],
  ['key with a space before the colon', `${NS}  labels:\n    a : b\n`],
  ['quoted keys', `${NS}  labels:\n    "a.b/c": d\n    'e': f\n`],
  ['numeric, bool and null keys', `${NS}  labels:\n    8080: a\n    true: b\n    null: c\n    1e3: d\n    0x10: e\n`],
  ['empty key', `${NS}  labels:\n    : a\n`],
  ['explicit key', `${NS}  labels:\n    ? a\n    : b\n`],
  ['a key of 1,100 characters', `${NS}  labels:\n    ${'k'.repeat(1100)}: v\n`],
  ['a key of 300 characters', `${NS}  labels:\n    ${'k'.repeat(300)}: v\n`],
  ['null values (key: and key: # comment)', `${NS}  labels:\n  annotations: # none\nspec:\n`],
  ['empty flow collections', `${NS}  labels: {}\n  finalizers: []\n`],
  ['a List whose items are not all objects', `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- just a string\n- 3\n`],
  ['a List with a null item', `apiVersion: v1\nkind: List\nitems:\n-\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n`],
  ['a List whose items is a map', `apiVersion: v1\nkind: List\nitems:\n  a: b\n`],
  ['a List whose items is empty', `apiVersion: v1\nkind: List\nitems: []\n`],
  ['a List with items indented', `apiVersion: v1\nkind: PodList\nitems:\n  - metadata:\n      name: p\n      namespace: a\n    spec:\n      containers:\n        - name: c\n          image: x\n`],
  ['items first, then kind', `items:\n- kind: Namespace\n  metadata:\n    name: a\nkind: List\napiVersion: v1\n`],
  ['items in a non-List kind', `${NS}items:\n- a\n`],
  ['nested items sequences are not item lines', `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    namespace: b\n  items:\n  - x\n  - y\n`],
  ['deep nesting', `${NS}  labels:\n${Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i + 2)}k${i}:`).join('\n')} leaf\n`],
  ['a syntax error in the second document', `${NS}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [b\n---\n${POLICY}`],
  ['a document that is a scalar between maps', `${NS}---\nhello\n---\n${POLICY}`],
  ['an invalid policy (lines of its fields)', POLICY.replace('port: 80', 'port: 0').replace('protocol: TCP', 'protocol: XTP') + 'status:\n  bogus: 1\n'],
  ['an unsupported apiVersion', NS.replace('v1', 'v9')],
];

describe('fast reader = yaml package: structure', () => {
  it.each(STRUCTURE)('%s', (_name, text) => {
    expectSame([{ path: 'case.yaml', text }]);
  }, 60_000);
  it('plain block YAML is taken by the fast reader (the differential is not vacuous)', () => {
    for (const name of ['sequence at the key indent (kubectl)', 'sequence indented under the key', 'trailing comments', 'empty documents between ---', 'items first, then kind', 'deep nesting', 'an invalid policy (lines of its fields)']) {
      expect([name, fastParseYaml(STRUCTURE.find(([n]) => n === name)![1]) !== undefined]).toEqual([name, true]);
    }
  });
});

/** Seeded edits of a manifest file: one character, one line's indent, a line moved or doubled. */
function mutate(text: string, seed: number): string {
  const rnd = mulberry32(seed);
  const lines = text.split('\n');
  const at = Math.floor(rnd() * lines.length);
  const line = lines[at]!;
  const chars = [' ', '\t', ':', '-', '#', '{', '}', '[', ']', "'", '"', '&', '*', '!', '|', '>', '?', '%', '\n', '\r', 'x', '0', ',', '\uFEFF', 'é', '\u00a0', '\u0085', '\u2028', '\u3000', '\ud83d', '\u0000', '\u007f'];
  switch (Math.floor(rnd() * 6)) {
    case 0: {
      const i = Math.floor(rnd() * (line.length + 1));
      lines[at] = line.slice(0, i) + chars[Math.floor(rnd() * chars.length)]! + line.slice(i);
      break;
    }
    case 1: {
      const i = Math.floor(rnd() * line.length);
      lines[at] = line.slice(0, i) + line.slice(i + 1);
      break;
    }
    case 2:
      lines[at] = ' '.repeat(1 + Math.floor(rnd() * 3)) + line;
      break;
    case 3:
      lines[at] = line.replace(/^ {1,2}/, '');
      break;
    case 4:
      lines.splice(Math.floor(rnd() * lines.length), 0, line);
      break;
    default: {
      const v = SCALARS[Math.floor(rnd() * SCALARS.length)]!;
      lines[at] = line.replace(/: .*$/, `: ${v}`);
    }
  }
  return lines.join('\n');
}

describe('fast reader = yaml package: 600 seeded mutations of a manifest file', () => {
  const base = `${NS}  labels:\n    env: prod\n---\n${POLICY}---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: d\n    namespace: a\n  spec:\n    selector:\n      matchLabels:\n        app: x\n    template:\n      metadata:\n        labels:\n          app: x\n      spec:\n        containers:\n        - name: c\n          image: x:1\n          ports:\n          - containerPort: 80\n            name: http\n`;
  it.each(Array.from({ length: 12 }, (_, b) => [b * 50, b * 50 + 49]))('seeds %i to %i', (from, to) => {
    let taken = 0;
    for (let seed = from; seed <= to; seed++) {
      const text = mutate(base, seed + 1);
      try {
        taken += expectSame([{ path: `mutant-${seed}.yaml`, text }]);
      } catch (e) {
        throw new Error(`mutant seed ${seed + 1}:\n${text}\n${(e as Error).message}`);
      }
    }
    expect(taken).toBeGreaterThan(0);
  }, 60_000);
});
