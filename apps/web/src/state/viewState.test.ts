import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, describeFilters, graphQuery, parseView, serializeView, type ViewState } from './viewState.ts';

describe('view state in the URL', () => {
  const view: ViewState = {
    ...DEFAULT_VIEW,
    namespaces: ['postgres', 'wikijs'],
    classes: ['both', 'conflict'],
    layer: 'l4',
    port: '5432/TCP',
    includeOpen: true,
    selection: { kind: 'edge', id: 'wikijs/wikijs->postgres/postgresql' },
    collapsed: ['monitoring'],
    expanded: ['minio'],
    focus: 'postgres/postgresql',
    theme: 'dark',
    mode: 'matrix',
    find: 'to:sensitive -ns:kube-system',
    pair: 'web>data',
    sort: 'risk',
    sensitive: 'app in (postgresql,minio)',
  };

  it('round-trips every field', () => {
    expect(parseView(serializeView(view))).toEqual(view);
  });
  it('the default view is an empty query', () => {
    expect(serializeView(DEFAULT_VIEW)).toBe('');
    expect(parseView('')).toEqual(DEFAULT_VIEW);
  });
  it('drops values it does not know instead of guessing', () => {
    const v = parseView('?class=both,bogus&layer=l9&port=no%20such%20port&sel=thing:x&theme=neon');
    expect(v.classes).toEqual(['both']);
    expect(v.layer).toBeNull();
    expect(v.port).toBeNull();
    expect(v.selection).toBeNull();
    expect(v.theme).toBe('light');
  });
  it('builds the API query with repeated parameters', () => {
    expect(graphQuery(view)).toBe('?namespace=postgres&namespace=wikijs&protection=both&protection=conflict&layer=l4&port=5432%2FTCP&includeOpen=true');
  });
  it('describes the filters for export headers', () => {
    expect(describeFilters(DEFAULT_VIEW)).toBe('all namespaces · all classes · open flows summarised');
    expect(describeFilters(view)).toContain('namespaces: postgres, wikijs');
  });
});
