// Scenario 5 (part 1): what one SLURM command costs the agent. Every call is a real child process spawned the way
// the agent spawns them (async execFile, awaited one after the other) with the ambient environment; the mock's
// launcher itself drops NODE_EXTRA_CA_CERTS. Reference points: /bin/true (spawn floor) and `node -e 0` in the
// same environment; the timing wrapper's overhead is the paired difference wrapped − direct.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from '../bench-context.js';
import { BenchError } from '../bench-error.js';
import { createSlurmTiming } from '../harness/slurm-timing.js';

interface Case {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  readonly args: (round: number) => string[];
  readonly env: NodeJS.ProcessEnv;
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(file, [...args], { env, encoding: 'utf8', timeout: 30_000 }, (error, _stdout, stderr) => {
      const dt = performance.now() - t0;
      if (error !== null) {
        reject(
          new BenchError('SCENARIO_FAILED', `${file} ${args.join(' ')} failed: ${error.message} ${stderr}`, {
            cause: error,
          }),
        );
        return;
      }
      resolve(dt);
    });
  });
}

export async function runSlurmInvocation(ctx: BenchContext): Promise<void> {
  const { results, parts, workDir, settings } = ctx;
  const stateFile = join(workDir, 's5-slurm.json');
  const timing = createSlurmTiming(workDir, parts.slurmBinDir, 's5', stateFile);
  const ambient: NodeJS.ProcessEnv = { ...process.env, SLURM_MOCK_STATE: stateFile };
  const wrapped: NodeJS.ProcessEnv = { ...ambient, ...timing.env };
  const sacctmgr = join(parts.slurmBinDir, 'sacctmgr');
  await run(join(parts.slurmBinDir, 'slurm-mock'), ['reset'], ambient);

  const cases: Case[] = [
    { id: 'true', label: '/bin/true (spawn floor)', file: '/bin/true', args: () => [], env: ambient },
    {
      id: 'node',
      label: '`node -e 0`, ambient env',
      file: process.execPath,
      args: () => ['-e', '0'],
      env: ambient,
    },
    {
      id: 'read',
      label: 'sacctmgr show account (read)',
      file: sacctmgr,
      args: () => ['--parsable2', '--noheader', 'show', 'account', 'root'],
      env: ambient,
    },
    {
      id: 'write',
      label: 'sacctmgr modify account (locked write)',
      file: sacctmgr,
      args: (round) => [
        '--parsable2',
        '--noheader',
        '--immediate',
        'modify',
        'account',
        'root',
        'set',
        `fairshare=${String(100 + round)}`,
      ],
      env: ambient,
    },
    {
      id: 'wrapped',
      label: 'sacctmgr show account via the timing wrapper',
      file: join(timing.binDir, 'sacctmgr'),
      args: () => ['--parsable2', '--noheader', 'show', 'account', 'root'],
      env: wrapped,
    },
  ];
  const times = new Map<string, number[]>(cases.map((c) => [c.id, []]));
  const warmup = 2;
  for (let round = 0; round < settings.slurm.rounds + warmup; round += 1) {
    for (const c of cases) {
      const dt = await run(c.file, c.args(round), c.env);
      if (round >= warmup) times.get(c.id)?.push(dt);
    }
  }
  const caSet = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const notes: Readonly<Record<string, string>> = {
    node: caSet ? 'NODE_EXTRA_CA_CERTS is set in the ambient env' : 'NODE_EXTRA_CA_CERTS is not set',
    read: 'the slurm-mock launcher unsets NODE_EXTRA_CA_CERTS',
  };
  for (const c of cases) {
    results.add(
      {
        id: `slurm.${c.id}`,
        scenario: '5 slurm-mock',
        label: `per invocation: ${c.label}`,
        unit: 'ms',
        nOf: 'calls',
        note: notes[c.id],
      },
      times.get(c.id) ?? [],
    );
  }
  const read = times.get('read') ?? [];
  const wrappedTimes = times.get('wrapped') ?? [];
  results.add(
    {
      id: 'slurm.wrapper-overhead',
      scenario: '5 slurm-mock',
      label: 'timing wrapper overhead per command (wrapped − direct, paired)',
      unit: 'ms',
      nOf: 'pairs',
      kind: 'derived',
    },
    read.map((r, i) => (wrappedTimes[i] ?? Number.NaN) - r).filter((d) => Number.isFinite(d)),
  );
  results.detail('slurm.invocation', Object.fromEntries(times));
}
