#!/usr/bin/env node
// Start-up cost of the bin/ launchers vs. a bare `node -e 0` in the same environment (interleaved runs,
// spawned from node like the agent does). Usage: node scripts/measure-startup.mjs [runs=40]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 40);
const bin = fileURLToPath(new URL('../bin/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'slurm-mock-bench-'));
const env = { ...process.env, SLURM_MOCK_STATE: join(dir, 'state.json') };
const noCa = { ...env };
delete noCa.NODE_EXTRA_CA_CERTS;

spawnSync(join(bin, 'slurm-mock'), ['reset'], { env });
for (let i = 0; i < 20; i++) {
  spawnSync(join(bin, 'sacctmgr'), ['-i', 'add', 'user', `u${i}`, 'account=root'], { env });
  spawnSync(
    join(bin, 'slurm-mock'),
    ['usage', 'inject', '--account', 'root', '--user', `u${i}`, '--node-hours', '1'],
    { env },
  );
}

const cases = [
  ['node -e 0 (ambient env)', 'node', ['-e', '0'], env],
  ['node -e 0 (no NODE_EXTRA_CA_CERTS)', 'node', ['-e', '0'], noCa],
  ['sacctmgr --version', join(bin, 'sacctmgr'), ['--version'], env],
  ['sacctmgr -nP -i show assoc (read)', join(bin, 'sacctmgr'), ['-nP', '-i', 'show', 'assoc'], env],
  [
    'sacctmgr -i modify ... (locked write)',
    join(bin, 'sacctmgr'),
    ['-nP', '-i', 'modify', 'account', 'root', 'set', 'fairshare=1'],
    env,
  ],
  [
    'sacct usage query',
    join(bin, 'sacct'),
    ['-nP', '-X', '-a', '-T', '-S', 'now-1days', '--format=Account,ReqTRES,Elapsed,User'],
    env,
  ],
];

const times = cases.map(() => []);
for (let r = 0; r < runs + 3; r++) {
  cases.forEach(([, cmd, args, e], i) => {
    const t0 = performance.now();
    const res = spawnSync(cmd, args, { env: e });
    const dt = performance.now() - t0;
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    if (r >= 3) times[i].push(dt);
  });
}
rmSync(dir, { recursive: true, force: true });

const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const base = q(times[0], 0.5);
console.log(
  `runs per case: ${runs} (interleaved), NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS ?? '(unset)'}`,
);
console.log(
  'case'.padEnd(40),
  'p50 ms'.padStart(8),
  'p90 ms'.padStart(8),
  'min ms'.padStart(8),
  'p50/node'.padStart(9),
);
cases.forEach(([label], i) => {
  const xs = times[i];
  console.log(
    label.padEnd(40),
    q(xs, 0.5).toFixed(1).padStart(8),
    q(xs, 0.9).toFixed(1).padStart(8),
    Math.min(...xs)
      .toFixed(1)
      .padStart(8),
    (q(xs, 0.5) / base).toFixed(2).padStart(9),
  );
});
