// Runs one of the benchmark's worker scripts (dist/workers/<name>.js) as its own node process and returns its
// JSON result: the measured code gets a process (event loop, heap, RSS) of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from '../bench-error.js';
import { childEnv } from './child-env.js';
import { runToCompletion } from './child-process.js';
import { workerScript } from './paths.js';

export async function runWorkerProcess<O>(
  name: string,
  label: string,
  input: unknown,
  workDir: string,
  timeoutMs: number,
): Promise<O> {
  const inputFile = join(workDir, `${label}.input.json`);
  const outputFile = join(workDir, `${label}.output.json`);
  writeFileSync(inputFile, JSON.stringify(input));
  writeFileSync(outputFile, '');
  const { status, log } = await runToCompletion(
    {
      label,
      command: process.execPath,
      args: [workerScript(name), inputFile, outputFile],
      env: childEnv(),
      logFile: join(workDir, `${label}.log`),
    },
    timeoutMs,
  );
  if (status.code !== 0) {
    throw new BenchError(
      'WORKER_FAILED',
      `${label} exited with ${status.code ?? status.signal ?? '?'}; last lines:\n${log.tail(20)}`,
    );
  }
  return JSON.parse(readFileSync(outputFile, 'utf8')) as O;
}
