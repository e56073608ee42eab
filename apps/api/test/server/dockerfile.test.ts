/**
 * The image's runtime stage holds what `accessgraph` reads from disk at run time (no container
 * engine here to build it, so the Dockerfile is read as text): a path missing from the stage is
 * an ENOENT in production — as `--demo` was before apps/api/demo was copied.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const dockerfile = readFileSync(`${ROOT}Dockerfile`, 'utf8');

/** The instructions of the last stage (the image that runs). */
function runtimeStage(): string[] {
  const lines = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0).pop()!;
  return lines.slice(from);
}

describe('Dockerfile runtime stage', () => {
  const stage = runtimeStage();
  const copied = stage.filter((l) => /^COPY\s/i.test(l) && !/--from=/i.test(l)).map((l) => l.split(/\s+/)[1]!);

  it.each([
    ['apps/api/bin', 'the CLI entry point'],
    ['apps/api/demo', 'the bundled demo cluster (serve --demo, matrix --demo)'],
  ])('copies %s (%s), which exists in the repo', (path) => {
    expect(copied).toContain(path);
    expect(existsSync(`${ROOT}${path}`)).toBe(true);
  });

  it('runs the compiled bundle (no sources, nothing transpiled at run time) on Node 24', () => {
    expect(stage.some((l) => /^COPY\s+--from=build\s+\/app\/apps\/api\/dist\s/i.test(l))).toBe(true);
    expect(copied.some((p) => p.endsWith('/src'))).toBe(false);
    expect(stage[0]).toMatch(/^FROM\s+node:24-/i);
  });

  it('copies the built web app and runs as a non-root user', () => {
    expect(stage.some((l) => /^COPY\s+--from=build\s+\/app\/apps\/web\/dist\s/i.test(l))).toBe(true);
    const user = stage.filter((l) => /^USER\s/i.test(l)).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(0|root)(:|$)/i);
  });
});
