import { describe, expect, it } from 'vitest';
import { fmt, fmtRatio } from './format.js';
import { figuresTable, ratiosTable } from './markdown.js';
import { Results } from './results.js';
import { renderSvg, wrap } from './svg-chart.js';

function sample(): Results {
  const r = new Results();
  r.add({ id: 'lat', scenario: '1', label: 'latency <a|b>', unit: 'ms', nOf: 'orders' }, [10, 20, 30]);
  r.addRate({ id: 'rate', scenario: '2', label: 'rate', unit: 'msg/s', nOf: 'runs' }, [100, 200, 300]);
  r.addRate({ id: 'base', scenario: '2', label: 'base', unit: 'msg/s', nOf: 'runs' }, [50, 50]);
  r.ratio('ratio', '2', 'rate / base', 'rate', 'base');
  return r;
}

describe('results', () => {
  it('computes ratios from medians of the same run and skips missing figures', () => {
    const r = sample();
    expect(r.ratios[0]?.value).toBe(4);
    expect(r.ratio('x', '2', 'missing', 'rate', 'nope')).toBeUndefined();
  });

  it('replaces a figure with the same id', () => {
    const r = sample();
    r.add({ id: 'lat', scenario: '1', label: 'again', unit: 'ms', nOf: 'orders' }, [1]);
    expect(r.figures.filter((f) => f.id === 'lat')).toHaveLength(1);
    expect(r.figure('lat')?.median).toBe(1);
  });
});

describe('rendering', () => {
  it('formats numbers to about three significant digits', () => {
    expect(fmt(4210.4)).toBe('4,210');
    expect(fmt(42.14)).toBe('42.1');
    expect(fmt(0.04213)).toBe('0.042');
    expect(fmt(Number.NaN)).toBe('–');
    expect(fmtRatio(4)).toBe('4.00×');
  });

  it('writes markdown rows with escaped pipes and the rate marker', () => {
    const r = sample();
    const table = figuresTable(r);
    expect(table).toContain('| latency <a\\|b> | 20.0 |');
    expect(table).toContain('msg/s ↑');
    expect(ratiosTable(r)).toContain('| rate / base | 4.00× |');
  });

  it('renders well-formed SVG with escaped labels and one bar per figure', () => {
    const r = sample();
    const svg = renderSvg('t', 's & t', [{ title: 'p', unit: 'ms', figures: r.figures }]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('latency &lt;a|b&gt;');
    expect(svg).toContain('s &amp; t');
    expect(svg.match(/<rect x="430"/g)).toHaveLength(3);
  });

  it('wraps the subtitle at word boundaries', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('', 7)).toEqual([]);
  });
});
