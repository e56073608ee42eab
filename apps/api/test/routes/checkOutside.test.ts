/** POST /api/v1/check with an outside peer (issue 17): `external:<CIDR>` as `from` or in `to`. */
import { describe, expect, it } from 'vitest';
import { fixtureApp } from '../helpers.ts';

async function check(payload: object) {
  const { app } = await fixtureApp();
  return app.inject({ method: 'POST', url: '/api/v1/check', payload });
}

describe('POST /api/v1/check with external:<CIDR>', () => {
  it('answers a flow from outside into a workload', async () => {
    const res = await check({ from: 'external:0.0.0.0/0', to: 'data/postgres:5432' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cells[0]).toMatchObject({ from: 'external:0.0.0.0/0', to: 'data/postgres', port: 5432, l7: 'n/a' });
  });

  it('answers a flow from a workload to an outside address, port in `to` or in `port`', async () => {
    for (const payload of [{ from: 'shop/frontend', to: 'external:203.0.113.10/32:443' }, { from: 'shop/frontend', to: 'external:2001:db8::/32', port: 443 }]) {
      const res = await check(payload);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().cells[0]).toMatchObject({ from: 'shop/frontend', port: 443, l7: 'n/a' });
    }
  });

  it('refuses two outside ends, a missing port towards outside and a bad CIDR (400)', async () => {
    for (const payload of [
      { from: 'external:0.0.0.0/0', to: 'external:::/0:443' },
      { from: 'shop/frontend', to: 'external:203.0.113.10/32' },
      { from: 'shop/frontend', to: 'external:203.0.113.10/99:443' },
    ]) {
      const res = await check(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});
