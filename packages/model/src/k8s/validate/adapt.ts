/**
 * Kubernetes OpenAPI → plain JSON Schema that Ajv checks the way the API server decodes.
 *
 * The schema files (schemas/*.json) are the API server's and the CRDs' own, untouched; these
 * functions adapt a copy when a kind is first validated:
 * - `x-kubernetes-int-or-string` / `format: int-or-string` (IntOrString): an integer or a string.
 * - Quantity (`resource.Quantity`): a string in Quantity syntax, or a number.
 * - `nullable: true`: null is allowed there.
 * - Built-in kinds are decoded by Go's JSON decoder, which takes `null` anywhere as the zero
 *   value: every type also admits null. Custom resources drop non-nullable nulls before
 *   validation (apiextensions-apiserver structuraldefaulting.PruneNonNullableNullsWithoutDefaults):
 *   the validator removes them from the object first (see prune in validate.ts).
 * - An object with `properties` and neither `additionalProperties` nor
 *   `x-kubernetes-preserve-unknown-fields` gets `additionalProperties: false`, and the validator
 *   reports those errors as unknown-field WARNINGS (the API server drops unknown fields; kubectl
 *   --validate=strict and fieldValidation=Strict reject them).
 * - `x-kubernetes-list-type: set|map` (+ `x-kubernetes-list-map-keys`) on CRDs: duplicates are
 *   errors (the keyword `k8sListType`).
 * - `x-kubernetes-validations` (CEL) are not evaluated (said in the README).
 */
export type Schema = Record<string, unknown>;

const K8S_INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const K8S_QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function withNull(type: unknown): unknown {
  if (typeof type === 'string') return type === 'null' ? type : [type, 'null'];
  if (Array.isArray(type)) return type.includes('null') ? type : [...type, 'null'];
  return type;
}

/** Adapts one schema node (recursively). `builtin`: Go decoding (null anywhere). */
export function adapt(node: unknown, builtin: boolean): unknown {
  if (Array.isArray(node)) return node.map((x) => adapt(x, builtin));
  if (node === null || typeof node !== 'object') return node;
  const s = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, x]) => [p, adapt(x, builtin)]));
    } else if (k === 'default' || k === 'example' || k === 'enum' || k === 'x-kubernetes-group-version-kind' || k === 'x-kubernetes-validations') {
      if (k === 'enum') out[k] = v;
    } else if (k === 'nullable') {
      // handled with type below
    } else out[k] = adapt(v, builtin);
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string';
  if (intOrString) {
    delete out.anyOf;
    delete out.oneOf;
    delete out.format;
    out.type = ['integer', 'string'];
  }
  // Go decodes an int32 field and refuses what does not fit (built-in kinds).
  if (builtin && s.format === 'int32') {
    delete out.format;
    out.minimum = Math.max(typeof s.minimum === 'number' ? s.minimum : -2147483648, -2147483648);
    out.maximum = Math.min(typeof s.maximum === 'number' ? s.maximum : 2147483647, 2147483647);
  }
  if (out.type !== undefined && (builtin || s.nullable === true)) out.type = withNull(out.type);
  if (s.nullable === true && out.type === undefined && out.enum === undefined) {
    // nullable without a type (allowed in OpenAPI, not in Ajv's keyword): nothing to add.
  }
  if (Array.isArray(out.enum) && (builtin || s.nullable === true) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  const isObject = s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'));
  if (isObject && s.properties && s.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  if (!builtin && (s['x-kubernetes-list-type'] === 'set' || s['x-kubernetes-list-type'] === 'map')) {
    out.k8sListType = { type: s['x-kubernetes-list-type'], keys: s['x-kubernetes-list-map-keys'] ?? [] };
  }
  delete out['x-kubernetes-list-type'];
  delete out['x-kubernetes-list-map-keys'];
  return out;
}

/** The built-in definitions (components.schemas), adapted; IntOrString and Quantity replaced. */
export function adaptBuiltinDefinitions(schemas: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (name === K8S_INT_OR_STRING) out[name] = { type: ['integer', 'string', 'null'] };
    else if (name === K8S_QUANTITY) out[name] = { type: ['string', 'number', 'null'], format: 'quantity' };
    else out[name] = adapt(schema, true);
  }
  return out;
}
