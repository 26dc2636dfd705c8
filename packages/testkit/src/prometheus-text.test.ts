import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricFamily, parseExposition } from './prometheus-text.js';

describe('parseExposition', () => {
  it("reads prom-client's output, labelled histograms included", async () => {
    const registry = new client.Registry();
    const h = new client.Histogram({
      name: 'x_seconds',
      help: 'A "latency"\\n',
      labelNames: ['route'],
      buckets: [1],
      registers: [registry],
    });
    h.observe({ route: '/a/:id/' }, 0.5);
    new client.Counter({ name: 'y_total', help: 'y', registers: [registry] }).inc(3);
    const families = parseExposition(await registry.metrics());
    expect(metricFamily(families, 'x_seconds').samples).toEqual([
      { name: 'x_seconds_bucket', labels: { le: '1', route: '/a/:id/' }, value: 1 },
      { name: 'x_seconds_bucket', labels: { le: '+Inf', route: '/a/:id/' }, value: 1 },
      { name: 'x_seconds_sum', labels: { route: '/a/:id/' }, value: 0.5 },
      { name: 'x_seconds_count', labels: { route: '/a/:id/' }, value: 1 },
    ]);
    expect(metricFamily(families, 'y_total')).toMatchObject({ type: 'counter', samples: [{ value: 3 }] });
  });

  it.each([
    ['a sample without # TYPE', 'x 1\n'],
    ['a bad value', '# HELP x x\n# TYPE x gauge\nx one\n'],
    ['a sample of another family', '# HELP x x\n# TYPE x gauge\ny 1\n'],
    ['broken labels', '# HELP x x\n# TYPE x gauge\nx{a=b} 1\n'],
    ['an HTML page', '<html></html>\n'],
  ])('rejects %s', (_what, text) => {
    expect(() => parseExposition(text)).toThrow(/./);
  });
});
