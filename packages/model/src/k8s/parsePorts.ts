/**
 * Ports as Kubernetes writes them: a number or an IANA service name (IntOrString), a
 * protocol defaulting to TCP, and Linkerd's comma-separated port lists with ranges.
 */
import { PROTOCOLS, type PortRange, type PortRef, type Protocol } from './types.ts';
import type { ParseContext } from './parseContext.ts';

export function parsePortRef(v: unknown, path: string, ctx: ParseContext): PortRef | undefined {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      ctx.invalid(path, `port ${v} is out of range 1-65535`);
      return undefined;
    }
    return { kind: 'number', number: n };
  }
  if (typeof v === 'string' && /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(v) && /[a-z]/.test(v)) return { kind: 'name', name: v };
  ctx.invalid(path, `"${String(v)}" is neither a port number nor a valid port name (lowercase letters, digits, '-', at most 15 characters)`);
  return undefined;
}

export function parseProtocol(v: unknown, path: string, ctx: ParseContext): Protocol | undefined {
  if (v === undefined || v === null) return 'TCP';
  if (typeof v === 'string' && (PROTOCOLS as readonly string[]).includes(v)) return v as Protocol;
  ctx.invalid(path, `protocol "${String(v)}" is not one of ${PROTOCOLS.join(', ')}`);
  return undefined;
}

/** `25,587,4000-4100` → ranges; bad parts reported (warning) and skipped. */
export function parsePortList(text: string | undefined, path: string, ctx: ParseContext): PortRange[] {
  if (!text) return [];
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (!t) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(t);
    const from = m ? Number(m[1]) : NaN;
    const to = m ? (m[2] === undefined ? from : Number(m[2])) : NaN;
    if (!m || from < 1 || to > 65535 || from > to) {
      ctx.invalid(path, `"${t}" is not a port or port range; it is ignored`, 'warning');
      continue;
    }
    out.push({ from, to });
  }
  return out;
}
