import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram } from '../../src/plugins/prometheus.ts';

describe('Prometheus text format', () => {
  it('writes counters with escaped labels', () => {
    const c = new Counter('x_total', 'Things.');
    c.inc({ resource: 'pods' });
    c.inc({ resource: 'pods' }, 2);
    c.inc({ resource: 'a"b\\c\nd' });
    expect(c.text()).toBe('# HELP x_total Things.\n# TYPE x_total counter\nx_total{resource="pods"} 3\nx_total{resource="a\\"b\\\\c\\nd"} 1\n');
  });

  it('writes cumulative histogram buckets, +Inf, sum and count', () => {
    const h = new Histogram('d_seconds', 'Durations.', [0.1, 1]);
    h.observe({ route: '/r' }, 0.05);
    h.observe({ route: '/r' }, 0.5);
    h.observe({ route: '/r' }, 3);
    expect(h.text()).toBe(
      [
        '# HELP d_seconds Durations.',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{route="/r",le="0.1"} 1',
        'd_seconds_bucket{route="/r",le="1"} 2',
        'd_seconds_bucket{route="/r",le="+Inf"} 3',
        'd_seconds_sum{route="/r"} 3.55',
        'd_seconds_count{route="/r"} 3',
        '',
      ].join('\n'),
    );
  });

  it('reads gauges at scrape time', () => {
    let v = 1;
    const g = new Gauge('g', 'A gauge.', () => [{ value: v }]);
    expect(g.text()).toContain('g 1\n');
    v = 2;
    expect(g.text()).toContain('g 2\n');
  });
});
