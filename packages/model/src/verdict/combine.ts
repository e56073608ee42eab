/**
 * Combines the two layer verdicts into `allowed` and `protection` (SEMANTICS.md §6).
 */
import type { L4Verdict, L7Verdict, Protection } from './types.ts';

export function combineAllowed(l4: L4Verdict, l7: L7Verdict): boolean | null {
  if (l4 === 'deny' || l7 === 'deny') return false;
  if (l4 === 'unknown' || l7 === 'unknown') return null;
  return true;
}

export function protectionOf(l4: L4Verdict, l7: L7Verdict): Protection | null {
  if (combineAllowed(l4, l7) !== true) return null;
  const byL4 = l4 === 'allow';
  const byL7 = l7 === 'allow' || l7 === 'partial';
  if (byL4 && byL7) return 'both';
  if (byL4) return 'l4-only';
  if (byL7) return 'l7-only';
  return 'none';
}
