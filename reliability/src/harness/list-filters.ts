// The query-string filters the publisher's list routes read, found in its source (every `queryOne(query, 'x')`,
// `queryUuid(query, 'x')`, … call), so the fuzzer covers each filter a route gains without a list to maintain.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from './paths.js';

const CALL = /\bquery[A-Za-z]*\(\s*query\s*,\s*'([A-Za-z_][A-Za-z0-9_]*)'/g;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Sorted, distinct filter names used under the publisher's `src/http`. */
export function publisherListFilters(): string[] {
  const names = new Set<string>();
  for (const file of sources(join(packageDir('@waldur-sim/publisher'), 'src', 'http'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(CALL)) if (m[1] !== undefined) names.add(m[1]);
  }
  return [...names].sort();
}
