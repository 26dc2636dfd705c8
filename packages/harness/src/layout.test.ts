import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { HarnessError } from './harness-error.js';
import { dataDir, packageDir, REPO_ROOT, workspacePackages } from './layout.js';

describe('layout', () => {
  test('finds the repository root and every workspace package by name', () => {
    expect(existsSync(join(REPO_ROOT, 'pnpm-workspace.yaml'))).toBe(true);
    const names = [...workspacePackages().keys()];
    expect(names).toEqual(
      expect.arrayContaining(['@waldur-sim/harness', '@waldur-sim/publisher', '@waldur-sim/e2e']),
    );
    expect(packageDir('@waldur-sim/harness')).toBe(join(REPO_ROOT, 'packages', 'harness'));
    expect(dataDir('e2e', 'x')).toBe(join(REPO_ROOT, '.data', 'e2e', 'x'));
  });

  test('an unknown package is a LAYOUT error', () => {
    expect(() => packageDir('@waldur-sim/nope')).toThrow(HarnessError);
  });
});
