/**
 * The one port grammar (src/query/portSpec.ts), one case per rule. Port names follow
 * Kubernetes' IsValidPortName (kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/
 * validation.go: at most 15 characters, [-a-z0-9], at least one letter, no hyphen at either
 * end, no two adjacent hyphens); protocols are core/v1's TCP, UDP and SCTP.
 */
import { describe, expect, it } from 'vitest';
import { isPortName, isPortTextProblem, parsePortText } from '../../src/query/portSpec.ts';

const accepted: [rule: string, text: string, parsed: unknown][] = [
  ['a number is a port', '5432', { kind: 'number', port: 5432 }],
  ['a number with a protocol', '5432/TCP', { kind: 'number', port: 5432, protocol: 'TCP' }],
  ['the protocol in any case', '53/udp', { kind: 'number', port: 53, protocol: 'UDP' }],
  ['SCTP is a protocol', '9/sctp', { kind: 'number', port: 9, protocol: 'SCTP' }],
  ['the lowest port is 1', '1', { kind: 'number', port: 1 }],
  ['the highest port is 65535', '65535', { kind: 'number', port: 65535 }],
  ['leading and trailing blanks are ignored', ' 80 ', { kind: 'number', port: 80 }],
  ['a port name', 'http', { kind: 'name', name: 'http' }],
  ['a port name with a protocol', 'dns/UDP', { kind: 'name', name: 'dns', protocol: 'UDP' }],
  ['a port name of 15 characters', 'abcdefghijklmno', { kind: 'name', name: 'abcdefghijklmno' }],
  ['a port name with digits and single hyphens', 'http-2-alt', { kind: 'name', name: 'http-2-alt' }],
];

const refused: [rule: string, text: string, problem: string][] = [
  ['nothing is no port', '', 'shape'],
  ['two slashes are no port', '80/TCP/x', 'shape'],
  ['port 0 is out of range', '0', 'range'],
  ['a port above 65535 is out of range', '65536', 'range'],
  ['a protocol other than TCP, UDP, SCTP', '80/HTTP', 'protocol'],
  ['a port name of 16 characters', 'abcdefghijklmnop', 'name'],
  ['a port name in upper case', 'HTTP', 'name'],
  ['a port name without a letter', '80-80', 'name'],
  ['a port name starting with a hyphen', '-http', 'name'],
  ['a port name ending with a hyphen', 'http-', 'name'],
  ['a port name with two adjacent hyphens', 'http--alt', 'name'],
  ['a port name with another character', 'http_alt', 'name'],
];

describe('parsePortText', () => {
  it.each(accepted)('%s (%j)', (_rule, text, parsed) => {
    expect(parsePortText(text)).toEqual(parsed);
  });
  it.each(refused)('%s (%j)', (_rule, text, problem) => {
    const p = parsePortText(text);
    expect(isPortTextProblem(p) && p.problem).toBe(problem);
  });
  it('a range problem is found before a protocol one, and names the port as written', () => {
    expect(parsePortText('99999/xyz')).toMatchObject({ problem: 'range', portText: '99999', protocolText: 'xyz', message: 'port 99999 is not in 1-65535' });
  });
});

describe('isPortName', () => {
  it('agrees with the parser on names', () => {
    for (const [, text, parsed] of accepted) if ((parsed as { kind: string }).kind === 'name') expect(isPortName(text.split('/')[0]!)).toBe(true);
    for (const [, text, problem] of refused) if (problem === 'name') expect(isPortName(text)).toBe(false);
  });
});
