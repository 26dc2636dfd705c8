// How a worker process talks to the benchmark: its settings come as a JSON file (argv[2]), its result goes to
// a JSON file (argv[3]), progress lines to stdout (the worker's log file). A worker that throws exits 1 with the
// error on stderr; the benchmark reports the log tail.
import { readFileSync, writeFileSync } from 'node:fs';

export function readWorkerInput(): { input: unknown; outputFile: string } {
  const [inputFile, outputFile] = process.argv.slice(2);
  if (inputFile === undefined || outputFile === undefined) {
    process.stderr.write('usage: node <worker>.js <input.json> <output.json>\n');
    process.exit(2);
  }
  return { input: JSON.parse(readFileSync(inputFile, 'utf8')) as unknown, outputFile };
}

export function writeWorkerOutput(outputFile: string, output: unknown): void {
  writeFileSync(outputFile, JSON.stringify(output));
}

export function say(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

export function runWorker(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
