// A CommandRunner that runs nothing: it records every argv and answers from scripted rules. Lets tests assert
// the exact command stream of a backend operation (the conformance anchor for docs/slurm.md#slurm-commands).
import type { CommandResult, CommandRunner } from './command-runner.js';

export type CommandMatcher = string | RegExp | ((argv: readonly string[]) => boolean);
export type CommandReply =
  string | Partial<CommandResult> | ((argv: readonly string[]) => string | Partial<CommandResult>);

interface Rule {
  matcher: CommandMatcher;
  reply: CommandReply;
  times: number;
}

function matches(matcher: CommandMatcher, argv: readonly string[]): boolean {
  const line = argv.join(' ');
  if (typeof matcher === 'string') return line.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(line);
  return matcher(argv);
}

export class RecordingCommandRunner implements CommandRunner {
  /** Every argv run (program first), in order. */
  readonly calls: string[][] = [];
  private readonly rules: Rule[] = [];

  /**
   * Answer commands matching `matcher` (substring of the space-joined argv, RegExp, or predicate) with `reply`
   * (stdout string or a partial result). Rules added later win; `times` limits how often a rule applies.
   */
  on(matcher: CommandMatcher, reply: CommandReply, times = Number.POSITIVE_INFINITY): this {
    this.rules.unshift({ matcher, reply, times });
    return this;
  }

  /** Space-joined argv of every call. */
  get lines(): string[] {
    return this.calls.map((argv) => argv.join(' '));
  }

  reset(): void {
    this.calls.length = 0;
  }

  run(file: string, args: readonly string[]): Promise<CommandResult> {
    const argv = [file, ...args];
    this.calls.push(argv);
    const rule = this.rules.find((r) => r.times > 0 && matches(r.matcher, argv));
    if (rule === undefined) return Promise.resolve({ stdout: '', stderr: '', exitCode: 0 });
    rule.times -= 1;
    const reply = typeof rule.reply === 'function' ? rule.reply(argv) : rule.reply;
    const result = typeof reply === 'string' ? { stdout: reply } : reply;
    return Promise.resolve({
      stdout: result.stdout ?? '',
      stderr: result.stderr ?? '',
      exitCode: result.exitCode ?? 0,
    });
  }
}
