#!/usr/bin/env node
// `waldur-site-agent` executable: parse flags, run the mode (or healthz), exit with its code.
import { runHealthz } from './cli/healthz.js';
import { parseCli } from './cli/parse-args.js';
import { runAgent } from './cli/run-agent.js';
import { ConfigError } from './config/config-error.js';
import { readEnvSettings } from './config/env-settings.js';
import { AGENT_VERSION } from './version.js';

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCli(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(command.text);
      return 0;
    case 'version':
      process.stdout.write(`waldur-site-agent ${AGENT_VERSION}\n`);
      return 0;
    case 'error':
      process.stderr.write(`waldur-site-agent: ${command.message}\n`);
      return 2;
    case 'healthz':
      try {
        return await runHealthz({ ...command, env: readEnvSettings() });
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`waldur-site-agent healthz: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    case 'run':
      return runAgent(command.mode, command.configFile);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Exit explicitly: idle keep-alive sockets of the REST client must not hold a stopped agent open.
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(
      `waldur-site-agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
