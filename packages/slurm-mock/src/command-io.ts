// Collects what a command prints, keeping stdout/stderr apart and also their interleaving (what a
// caller that merges stderr into stdout, like the agent's check_output(stderr=STDOUT), would see).

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in print order. */
  output: string;
  exitCode: number;
}

/** Receives output as it is printed (the CLI forwards it to its own stdout/stderr). */
export type OutputSink = (stream: 'stdout' | 'stderr', text: string) => void;

export class CommandIo {
  private stdoutText = '';
  private stderrText = '';
  private merged = '';

  constructor(private readonly sink?: OutputSink) {}

  out(text: string): void {
    this.stdoutText += text;
    this.merged += text;
    this.sink?.('stdout', text);
  }

  err(text: string): void {
    this.stderrText += text;
    this.merged += text;
    this.sink?.('stderr', text);
  }

  result(exitCode: number): CommandResult {
    return { stdout: this.stdoutText, stderr: this.stderrText, output: this.merged, exitCode };
  }
}
