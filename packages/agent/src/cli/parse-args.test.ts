import { describe, expect, it } from 'vitest';
import { parseCli } from './parse-args.js';

describe('parseCli', () => {
  it('defaults like the real agent: order_process and waldur-site-agent-config.yaml', () => {
    expect(parseCli([])).toEqual({
      kind: 'run',
      mode: 'order_process',
      configFile: 'waldur-site-agent-config.yaml',
    });
  });

  it.each([
    [
      ['-m', 'event_process', '-c', '/etc/a.yaml'],
      { kind: 'run', mode: 'event_process', configFile: '/etc/a.yaml' },
    ],
    [
      ['--mode', 'membership_sync', '--config-file', 'x.yaml'],
      { kind: 'run', mode: 'membership_sync', configFile: 'x.yaml' },
    ],
    [['--mode=report'], { kind: 'run', mode: 'report', configFile: 'waldur-site-agent-config.yaml' }],
    [['--version'], { kind: 'version' }],
  ])('%j', (argv, expected) => {
    expect(parseCli(argv)).toEqual(expected);
  });

  it('shows help with every mode', () => {
    const help = parseCli(['--help']);
    expect(help.kind).toBe('help');
    expect(help.kind === 'help' && help.text).toMatch(
      /event_process \| order_process \| membership_sync \| report/,
    );
  });

  it('rejects unknown modes and flags with a clear message', () => {
    expect(parseCli(['-m', 'turbo'])).toEqual({
      kind: 'error',
      message:
        '--mode: invalid choice "turbo" (choose from order_process, report, membership_sync, event_process)',
    });
    const unknown = parseCli(['--frobnicate']);
    expect(unknown.kind === 'error' && unknown.message).toMatch(/Unknown option '--frobnicate'/);
  });

  it('parses the healthz sub-command', () => {
    expect(parseCli(['healthz', '-c', 'a.yaml', '--max-age', '120', '--liveness-only'])).toEqual({
      kind: 'healthz',
      configFile: 'a.yaml',
      maxAgeSeconds: 120,
      livenessOnly: true,
      readinessTimeoutSeconds: 5,
    });
    expect(parseCli(['healthz', '--max-age', 'soon'])).toEqual({
      kind: 'error',
      message: '--max-age must be a positive number, got "soon"',
    });
    expect(parseCli(['healthz', '--help']).kind).toBe('help');
  });
});
