// Bundles the CLI exactly like `pnpm build` does, so tests that execute bin/* run the current source.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))],
    outfile: fileURLToPath(new URL('../dist/cli.cjs', import.meta.url)),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
