import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, shellExports, USAGE } from './cli-args.js';

describe('parseCliArgs', () => {
  it('parses a command with port and folder overrides', () => {
    expect(
      parseCliArgs([
        'start',
        '--data-dir',
        '/tmp/b',
        '--amqp-port',
        '5702',
        '--epmd-port=4371',
        '--timeout',
        '60000',
      ]),
    ).toEqual({
      command: 'start',
      options: { dataDir: '/tmp/b', amqpPort: 5702, epmdPort: 4371, startTimeoutMs: 60000 },
      json: false,
    });
  });

  it('gives help for --help, -h, help and no command', () => {
    for (const argv of [['--help'], ['-h'], ['help'], [], ['start', '--help']])
      expect(parseCliArgs(argv).command).toBe('help');
    expect(USAGE).toContain('waldur-sim-broker <command>');
    expect(USAGE).toContain('apt-get install rabbitmq-server');
  });

  it.each([
    [['restart'], /unknown command "restart"/],
    [['start', '--amqp-port', 'x'], /--amqp-port must be a whole number/],
    [['start', '--bogus'], /Unknown option '--bogus'/],
    [['stop', 'extra'], /unexpected argument "extra"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('shellExports', () => {
  it('prints lines a POSIX shell evaluates back to the same values', () => {
    const vars = { A: "it's $HOME `x`", B: 'amqp://u:p@h:1' };
    const script = shellExports(vars);
    expect(script).toBe(`export A='it'\\''s $HOME \`x\`'\nexport B='amqp://u:p@h:1'`);
    const out = execFileSync('sh', ['-c', `${script}\nprintf '%s|%s' "$A" "$B"`], { encoding: 'utf8' });
    expect(out).toBe(`${vars.A}|${vars.B}`);
  });
});
