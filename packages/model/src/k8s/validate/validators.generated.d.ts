// Types of the generated module (validators.generated.js; see scripts/compile-validators.ts).
import type { ValidateFunction } from 'ajv';

/** Validator by kind key (`group/version/Kind`, `/v1/Pod` for core), precompiled by Ajv. */
export declare const validators: Record<string, ValidateFunction>;
