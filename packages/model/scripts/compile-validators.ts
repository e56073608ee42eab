/**
 * src/k8s/validate/schemas/*.json → src/k8s/validate/validators.generated.js: every kind's
 * validator precompiled by Ajv (standalone code), so nothing is compiled at run time.
 * Measured on the project machine (2 cores, loaded): compiling the demo's kinds at run time
 * cost 1.0–2.4 s of `check --demo`; importing the precompiled module costs ~30–60 ms.
 *
 *   pnpm --filter @accessgraph/model run schemas:validators
 *
 * Run after schemas:linkerd / export-openapi. test/semantics/validation.test.ts fails when the
 * generated file is not what the schemas compile to.
 */
import { writeFileSync } from 'node:fs';
import { generateValidatorModule } from '../src/k8s/validate/generate.ts';

const output = new URL('../src/k8s/validate/validators.generated.js', import.meta.url);
const code = generateValidatorModule();
writeFileSync(output, code);
console.log(`wrote ${output.pathname} (${Math.round(code.length / 1024)} KiB)`);
