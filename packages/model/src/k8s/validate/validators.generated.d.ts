// Types of the generated module (validators.generated.js; see scripts/compile-validators.ts).
import type { ValidateFunction } from 'ajv';

/** Validator by kind key (`group/version/Kind`, `/v1/Pod` for core), precompiled by Ajv. */
export declare const validators: Record<string, ValidateFunction>;

/** Every kind key the schemas serve: built-in (Go decoding) or custom resource, and its scope. */
export declare const kinds: Record<string, { builtin: boolean; clusterScoped: boolean }>;

/** The Kubernetes version and Linkerd release the schemas come from. */
export declare const sources: { kubernetes: string; linkerd: string };
