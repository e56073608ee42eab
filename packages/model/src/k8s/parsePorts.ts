/**
 * Ports as Kubernetes writes them: a number or an IANA service name (IntOrString), a
 * protocol defaulting to TCP, and Linkerd's comma-separated port lists with ranges.
 */
import { PROTOCOLS, type PortRange, type PortRef, type Protocol } from './types.ts';
import type { ParseContext } from './parseContext.ts';
import { isOneOf } from '../util/isOneOf.ts';

/**
 * A port number, or a port name as the API server validates one (IsValidPortName, the IANA
 * service name syntax: 1-15 lowercase letters, digits and '-', at least one letter, no '-' at
 * either end or twice in a row). A digits-only string is neither: "8080" is rejected
 * (kubernetes pkg/apis/networking/validation ValidateNetworkPolicyPort; validation.IsValidPortName).
 */
export function parsePortRef(v: unknown, path: string, ctx: ParseContext): PortRef | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 65535) {
      ctx.invalid(path, `port ${v} is out of range 1-65535`);
      return undefined;
    }
    return { kind: 'number', number: v };
  }
  if (typeof v === 'string' && isValidPortName(v)) return { kind: 'name', name: v };
  const why = typeof v === 'string' && /^\d+$/.test(v) ? ` — a quoted number is a name, and a port name must contain at least one letter (write ${v} without quotes)` : '';
  ctx.invalid(path, `"${String(v)}" is neither a port number nor a valid port name (1-15 lowercase letters, digits and '-', with a letter)${why}`);
  return undefined;
}

export function isValidPortName(v: string): boolean {
  return v.length >= 1 && v.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v) && /[a-z]/.test(v) && !v.includes('--');
}

export function parseProtocol(v: unknown, path: string, ctx: ParseContext): Protocol | undefined {
  if (v === undefined || v === null) return 'TCP';
  if (isOneOf(PROTOCOLS, v)) return v;
  ctx.invalid(path, `protocol "${String(v)}" is not one of ${PROTOCOLS.join(', ')}`);
  return undefined;
}

/** `25,587,4000-4100` → ranges; with `named`, a part that is a port name is that port; bad parts reported (warning) and skipped. */
export function parsePortList(text: string | undefined, path: string, ctx: ParseContext, named?: readonly { name?: string; port: number }[]): PortRange[] {
  if (!text) return [];
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (!t) continue;
    const byName = named?.find((p) => p.name === t);
    if (byName) {
      out.push({ from: byName.port, to: byName.port });
      continue;
    }
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
