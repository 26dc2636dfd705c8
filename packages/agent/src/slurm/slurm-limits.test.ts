import { describe, expect, it } from 'vitest';
import {
  collectResourceLimits,
  durationMonths,
  slurmLimitsToWaldur,
  slurmUsageToWaldur,
  waldurToSlurmLimits,
} from './slurm-limits.js';
import { parseBackendComponents } from './slurm-settings.js';

const components = parseBackendComponents({
  cpu: { accounting_type: 'limit', unit_factor: 60000, measured_unit: 'k-Hours', label: 'CPU' },
  mem: { accounting_type: 'limit', unit_factor: 61440, measured_unit: 'GB-Hours', label: 'RAM' },
  'gres/gpu': { accounting_type: 'usage', unit_factor: 60, limit: 10, label: 'GPU' },
  storage: { accounting_type: 'one', unit_factor: 1, label: 'Storage' },
});

describe('collectResourceLimits (_collect_resource_limits)', () => {
  it('limit-type × unit_factor, usage-type default caps, Waldur limits with defaults', () => {
    const r = collectResourceLimits(components, { limits: { cpu: 10, mem: 10, extra: 3 } }, null);
    expect(r.backendLimits).toEqual({ 'gres/gpu': 600, cpu: 600000, mem: 614400 });
    expect(r.waldurLimits).toEqual({ cpu: 10, mem: 10, extra: 3, 'gres/gpu': 10 });
  });

  it('drops TRES the cluster does not know (case-sensitive) unless the list is empty', () => {
    const r = collectResourceLimits(components, { limits: { cpu: 1, mem: 1 } }, ['cpu', 'Mem', 'gres/gpu']);
    expect(r.backendLimits).toEqual({ 'gres/gpu': 600, cpu: 60000 });
    expect(r.droppedKeys).toEqual(['mem']);
    expect(collectResourceLimits(components, { limits: { mem: 1 } }, []).backendLimits).toEqual({
      'gres/gpu': 600,
      mem: 61440,
    });
  });

  it('prepaid (one) components × whole months between created and end date', () => {
    const r = collectResourceLimits(
      components,
      { limits: { storage: 5 }, createdAt: '2025-01-15T10:00:00Z', endDate: '2025-07-20' },
      null,
    );
    expect(r.prepaidMonths).toBe(7);
    expect(r.backendLimits.storage).toBe(35);
    expect(r.waldurLimits.storage).toBe(5);
    const noDates = collectResourceLimits(components, { limits: { storage: 5 } }, null);
    expect(noDates.backendLimits.storage).toBe(5);
  });

  it('casts to int by truncation', () => {
    const r = collectResourceLimits(components, { limits: { cpu: 0.123456 } }, null);
    expect(r.backendLimits.cpu).toBe(7407);
  });

  it('durationMonths', () => {
    expect(durationMonths('2025-01-15', '2025-01-15')).toBe(1);
    expect(durationMonths('2025-01-15', '2025-04-15')).toBe(3);
    expect(durationMonths('2025-01-15', '2025-04-16')).toBe(4);
    expect(durationMonths('bad', '2025-04-16')).toBeNull();
  });
});

describe('unit conversions', () => {
  it('Waldur → SLURM (updates)', () => {
    expect(waldurToSlurmLimits(components, { cpu: 2, mem: 1, other: 7 })).toEqual({
      cpu: 120000,
      mem: 61440,
      other: 7,
    });
  });
  it('SLURM → Waldur limits (int, known components only)', () => {
    expect(slurmLimitsToWaldur(components, { cpu: 659999, mem: 61440, billing: 5 })).toEqual({
      cpu: 10,
      mem: 1,
    });
  });
  it('SLURM → Waldur usage (2 decimals)', () => {
    expect(slurmUsageToWaldur(components, { cpu: 1000, 'gres/gpu': 90 })).toEqual({
      cpu: 0.02,
      'gres/gpu': 1.5,
    });
  });
});
