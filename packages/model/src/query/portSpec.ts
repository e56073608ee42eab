/**
 * The one grammar of a port as people type it — `5432`, `5432/TCP`, `53/udp`, `http`,
 * `http/TCP` — for the CLI's `--port`, the API's `port` query, `check`'s `ns/name:port`,
 * `assert`'s `port:` and the dashboard's Port filter and find box:
 *
 * - `PORT[/PROTOCOL]`: PORT is digits, 1-65535; PROTOCOL is TCP, UDP or SCTP in any case.
 * - a port NAME, as Kubernetes validates a container or Service port name (IANA_SVC_NAME:
 *   kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 *   IsValidPortName): 1-15 of `[a-z0-9-]`, at least one letter, no hyphen at either end,
 *   no two hyphens in a row; optionally `/PROTOCOL`.
 *
 * The protocol is absent when not written; callers that mean TCP by default say so. A text
 * that is none of these is a problem with a reason (shape, range, protocol, name), never a guess.
 */
import { PROTOCOLS, type Protocol } from '../k8s/types.ts';

export type PortText = { kind: 'number'; port: number; protocol?: Protocol } | { kind: 'name'; name: string; protocol?: Protocol };

export type PortTextProblem = {
  problem: 'shape' | 'range' | 'protocol' | 'name';
  /** What was read before the problem: the port part and the protocol part as written. */
  portText: string;
  protocolText?: string;
  message: string;
};

/** Whether a text is a port name as Kubernetes validates one (IsValidPortName). */
export function isPortName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && /^[a-z0-9]([a-z0-9]|-(?!-))*$/.test(name) && /[a-z]/.test(name) && !name.endsWith('-');
}

/** A protocol as written (any case) → the Protocol; undefined when it is none. */
export function protocolOf(text: string): Protocol | undefined {
  const p = text.toUpperCase();
  return (PROTOCOLS as readonly string[]).includes(p) ? (p as Protocol) : undefined;
}

/** `5432`, `5432/tcp`, `http`, `http/UDP` → a port text; a problem with a message otherwise. */
export function parsePortText(text: string): PortText | PortTextProblem {
  const t = text.trim();
  const m = /^([^/\s]+)(?:\/([^/\s]+))?$/.exec(t);
  if (!m) return { problem: 'shape', portText: t, message: `“${t}” is not a port: give a number (5432), number/protocol (5432/TCP) or a port name (http)` };
  const portText = m[1]!;
  const protocolText = m[2];
  const read = { portText, ...(protocolText !== undefined ? { protocolText } : {}) };
  const isNumber = /^[0-9]+$/.test(portText);
  const port = isNumber ? Number(portText) : 0;
  if (isNumber && (port < 1 || port > 65535)) return { problem: 'range', ...read, message: `port ${portText} is not in 1-65535` };
  const protocol = protocolText !== undefined ? protocolOf(protocolText) : undefined;
  if (protocolText !== undefined && !protocol) return { problem: 'protocol', ...read, message: `protocol ${protocolText} is not one of ${PROTOCOLS.join(', ')}` };
  const withProtocol = protocol ? { protocol } : {};
  if (isNumber) return { kind: 'number', port, ...withProtocol };
  if (!isPortName(portText)) return { problem: 'name', ...read, message: `“${portText}” is not a port name: 1-15 of a-z, 0-9 and -, with a letter, no hyphen at an end or two in a row` };
  return { kind: 'name', name: portText, ...withProtocol };
}

export function isPortTextProblem(p: PortText | PortTextProblem): p is PortTextProblem {
  return 'problem' in p;
}
