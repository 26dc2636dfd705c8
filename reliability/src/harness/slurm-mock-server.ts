// slurm-mock answering the shims from the suite's own process: a shim sends its command over loopback TCP and
// this server runs it with slurm-mock's library (the dispatcher, state file, lock and armed failures its bin/
// executables use), writes stdout and stderr into the files the shim named and answers the exit code. The agent
// still forks one process per SLURM command with the same argv, output and exit code; what is saved is starting
// node for each of them, the main cost per event of the fault suite (docs/guarantees.md#fault-suite).
// Request: NUL-terminated fields `<n>`, then n fields: stdout file, stderr file, USER, tool, argv...
// Answer: `<exit code>\n`.
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { isToolName, runCommand, type StateStore } from '@waldur-sim/slurm-mock';

const HEADER_FIELDS = 4;

function handle(socket: Socket, run: (fields: readonly string[]) => number): void {
  let buffered = Buffer.alloc(0);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const text = buffered.toString('utf8');
    const parts = text.split('\0');
    const count = Number(parts[0]);
    // The fields are complete once `count` of them follow the count, each NUL-terminated.
    if (!Number.isInteger(count) || parts.length < count + 2) return;
    socket.end(`${String(run(parts.slice(1, count + 1)))}\n`);
  });
}

export class SlurmMockServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(stateFile: string, store: StateStore): Promise<SlurmMockServer> {
    const run = (fields: readonly string[]): number => {
      const [outFile = '', errFile = '', user = '', tool = '', ...argv] = fields;
      if (fields.length < HEADER_FIELDS || !isToolName(tool)) return 127;
      const result = runCommand(tool, argv, {
        store,
        env: { SLURM_MOCK_STATE: stateFile, ...(user === '' ? {} : { USER: user }) },
      });
      writeFileSync(outFile, result.stdout);
      writeFileSync(errFile, result.stderr);
      return result.exitCode;
    };
    const server = createServer((socket) => {
      handle(socket, run);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new SlurmMockServer(server, (server.address() as AddressInfo).port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}
