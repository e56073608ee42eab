import { describe, expect, it } from 'vitest';
import { cidrContains, cidrCovers, networkContains, parseCidr, parseIp } from './cidr.ts';

const ip = (s: string) => {
  const v = parseIp(s);
  if (!v) throw new Error(s);
  return v;
};
const cidr = (s: string) => {
  const c = parseCidr(s);
  if (!c) throw new Error(s);
  return c;
};

describe('parseCidr', () => {
  it.each(['10.0.0.0/8', '192.168.1.7/32', '0.0.0.0/0', 'fd00::/8', '::1/128', '2001:db8::/32', '10.1.2.3'])('accepts %s', (s) => {
    expect(parseCidr(s)).toBeDefined();
  });
  it.each(['10.0.0.0/33', '10.0.0/8', '256.0.0.0/8', 'fd00::/129', '1:2:3:4:5:6:7:8:9/64', 'a::b::c/64', 'x/8', '10.0.0.0/8/1', ''])('rejects %s', (s) => {
    expect(parseCidr(s)).toBeUndefined();
  });
  it('normalises the network address (host bits cleared)', () => {
    expect(cidr('10.1.2.3/8').base).toBe(cidr('10.0.0.0/8').base);
  });
});

describe('membership', () => {
  it('contains addresses inside the prefix and not outside', () => {
    expect(cidrContains(cidr('10.0.0.0/8'), ip('10.255.1.1'))).toBe(true);
    expect(cidrContains(cidr('10.0.0.0/8'), ip('11.0.0.1'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('8.8.8.8'))).toBe(true);
  });
  it('never mixes address families', () => {
    expect(cidrContains(cidr('::/0'), ip('10.0.0.1'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('fd00::1'))).toBe(false);
  });
  it('handles IPv6 with :: and an embedded IPv4 tail', () => {
    expect(cidrContains(cidr('fd00::/8'), ip('fd12:3456::1'))).toBe(true);
    expect(ip('::ffff:10.0.0.1').value).toBe((0xffffn << 32n) | 0x0a000001n);
  });
  it('excludes addresses in an except block', () => {
    const n = { cidr: cidr('10.0.0.0/8'), except: [cidr('10.1.0.0/16')] };
    expect(networkContains(n, ip('10.2.0.1'))).toBe(true);
    expect(networkContains(n, ip('10.1.0.1'))).toBe(false);
  });
  it('tells whether one block covers another', () => {
    expect(cidrCovers(cidr('10.0.0.0/8'), cidr('10.1.0.0/16'))).toBe(true);
    expect(cidrCovers(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(false);
  });
});
