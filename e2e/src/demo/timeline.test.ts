import { describe, expect, test } from 'vitest';
import { describeEvent, renderCommand, renderStep } from './timeline.js';

describe('timeline', () => {
  test('matches a tapped message to the agent record with the same payload, whatever the key order', () => {
    const t0 = 1_000_000;
    const lines = renderStep(
      { index: 1, title: 'Order', startedAt: t0, reachedAt: t0 + 2500, endState: 'done' },
      t0 + 10_000,
      {
        tap: [
          {
            at: t0 + 100,
            objectType: 'order',
            offeringUuid: 'o',
            queue: 'q',
            headers: {},
            body: '',
            payload: { order_uuid: 'abcdef012345', order_state: 'executing' },
          },
        ],
        agent: [
          {
            at: t0 + 150,
            objectType: 'order',
            offeringUuid: 'o',
            queue: 'q',
            messageKey: 'k',
            payload: { order_state: 'executing', order_uuid: 'abcdef012345' },
            ackedAt: t0 + 400,
          },
        ],
        commands: [
          {
            at: t0 + 200,
            argv: ['sacctmgr', '--parsable2', '--noheader', '--immediate', 'add', 'account', 'a1'],
          },
        ],
      },
      t0,
    );
    const text = lines.join('\n');
    expect(text).toContain('order executing (abcdef01)');
    expect(text).toMatch(/\+0\.10s\s+\+0\.15s\s+\+0\.40s\s+300 ms/);
    expect(text).toContain('+0.20s  sacctmgr add account a1');
    expect(text).toContain('end state after 2.50s: done');
  });

  test('a step that missed its end state says so, with the reason', () => {
    const lines = renderStep(
      {
        index: 2,
        title: 'Pause',
        startedAt: 0,
        reachedAt: undefined,
        endState: 'QOS paused',
        error: 'timed out',
      },
      1,
      { tap: [], agent: [], commands: [] },
      0,
    );
    expect(lines.join('\n')).toContain('end state NOT reached: QOS paused (timed out)');
  });

  test('event and command descriptions', () => {
    expect(
      describeEvent('user_role', {
        user_uuid: 'u',
        granted: false,
        role_name: 'PROJECT.MEMBER',
        user_username: 'jo',
      }),
    ).toBe('user_role revoked PROJECT.MEMBER to jo');
    expect(describeEvent('user_role', { project_name: 'P' })).toBe('user_role sync of P');
    expect(renderCommand(['sacctmgr', '--immediate', 'show', 'account', 'x'])).toBe(
      'sacctmgr show account x',
    );
  });
});
