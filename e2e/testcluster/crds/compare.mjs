#!/usr/bin/env node
// Compares our CRDs (linkerd-policy.yaml) with a rendering of Linkerd's chart, fact by fact:
// names, scope, versions (served, storage, deprecated), status subresource, and per schema
// path the type, required, enum, default, bounds, pattern, format, nullable, list and
// int-or-string markers. Descriptions, CEL rules and status schemas are not compared
// (crds/README.md says why). Usage: node crds/compare.mjs <rendered-chart.yaml> [ours.yaml]
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const KEYS = ['type', 'required', 'enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'format', 'nullable', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'oneOf', 'anyOf'];
const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
const noDesc = (v) => (Array.isArray(v) ? v.map(noDesc) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'description').map(([k, x]) => [k, noDesc(x)])) : v);

function facts(schema, path, out) {
  if (!schema || typeof schema !== 'object' || / \.(status|apiVersion|kind|metadata)$/.test(path)) return;
  for (const k of KEYS) {
    if (schema[k] === undefined) continue;
    const v = k === 'required' ? [...schema[k]].sort() : k === 'oneOf' || k === 'anyOf' ? schema[k].map((x) => JSON.stringify(sorted(noDesc(x)))).sort() : schema[k];
    out.set(`${path} ${k}`, JSON.stringify(sorted(noDesc(v))));
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) facts(sub, `${path}.${name}`, out);
  if (schema.items) facts(schema.items, `${path}[]`, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') facts(schema.additionalProperties, `${path}{}`, out);
}

function load(file) {
  const crds = new Map();
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { maxAliasCount: -1 })) {
    const c = doc.toJS({ maxAliasCount: -1 });
    if (c?.kind !== 'CustomResourceDefinition') continue;
    const out = new Map();
    const n = c.spec.names;
    out.set('names', JSON.stringify({ kind: n.kind, plural: n.plural, singular: n.singular, shortNames: n.shortNames ?? [] }));
    out.set('scope', c.spec.scope);
    for (const v of c.spec.versions) {
      out.set(`${v.name} flags`, JSON.stringify({ served: v.served, storage: v.storage, deprecated: !!v.deprecated, status: !!v.subresources?.status }));
      facts(v.schema?.openAPIV3Schema, `${v.name} `, out);
    }
    crds.set(c.metadata.name, out);
  }
  return crds;
}

const [theirsFile, oursFile = new URL('./linkerd-policy.yaml', import.meta.url).pathname] = process.argv.slice(2);
if (!theirsFile) throw new Error('usage: node crds/compare.mjs <rendered-chart.yaml> [ours.yaml]');
const theirs = load(theirsFile);
const ours = load(oursFile);
let differences = 0;
for (const name of new Set([...theirs.keys(), ...ours.keys()])) {
  const t = theirs.get(name), o = ours.get(name);
  if (!t || !o) { console.log(`${name}: only in ${t ? 'the chart' : 'ours'}`); differences++; continue; }
  // A kind we keep minimal (its whole spec preserved) is compared on names and versions only.
  const minimal = [...o.entries()].some(([k, v]) => / \.spec x-kubernetes-preserve-unknown-fields$/.test(k) && v === 'true');
  for (const key of [...new Set([...t.keys(), ...o.keys()])].sort()) {
    if (minimal && / \./.test(key) && !/ \.spec (required|type)$/.test(key)) continue;
    if (t.get(key) !== o.get(key)) { console.log(`${name} ${key}: chart ${t.get(key) ?? '-'} ours ${o.get(key) ?? '-'}`); differences++; }
  }
}
console.log(`${differences} difference(s)`);
process.exitCode = differences ? 1 : 0;
