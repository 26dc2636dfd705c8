import { ORDER_STATES, type OrderState } from '@waldur-sim/protocol';
import { describe, expect, it } from 'vitest';
import {
  InvalidOrderTransitionError,
  ORDER_TRANSITION_SOURCES,
  canTransition,
  resourceStateAfterOrder,
  resourceStateWhileExecuting,
  stateAfterConsumerApproval,
  targetState,
  type OrderAction,
} from './order-state-machine.js';

describe('order state machine (docs/protocol.md#order-state-machine)', () => {
  it('allows the agent happy path pending-provider -> executing -> done', () => {
    expect(canTransition('approve_by_provider', 'pending-provider')).toBe(true);
    expect(targetState('approve_by_provider')).toBe('executing');
    expect(canTransition('set_state_done', 'executing')).toBe(true);
    expect(targetState('set_state_done')).toBe('done');
  });

  it('set_state_executing accepts every pending state and erred, nothing else', () => {
    const allowed = ORDER_STATES.filter((s) => canTransition('set_state_executing', s));
    expect(allowed).toEqual([
      'pending-consumer',
      'pending-provider',
      'pending-project',
      'pending-start-date',
      'erred',
    ]);
  });

  it('terminal states done/canceled/rejected accept no action at all', () => {
    const actions = Object.keys(ORDER_TRANSITION_SOURCES) as OrderAction[];
    for (const state of ['done', 'canceled', 'rejected'] as OrderState[]) {
      expect(actions.filter((a) => canTransition(a, state))).toEqual([]);
    }
  });

  it('erred can be retried (executing) or re-erred, but not completed or cancelled', () => {
    expect(canTransition('set_state_executing', 'erred')).toBe(true);
    expect(canTransition('set_state_erred', 'erred')).toBe(true);
    expect(canTransition('set_state_done', 'erred')).toBe(false);
    expect(canTransition('cancel', 'erred')).toBe(false);
  });

  it('error text is Waldur StateValidator wording', () => {
    const err = new InvalidOrderTransitionError('set_state_done', 'pending-provider');
    expect(err.message).toBe('Valid states for operation: executing.');
    expect(err.code).toBe('ERR_INVALID_ORDER_TRANSITION');
  });

  it('consumer approval: future project start -> pending-project, else provider review', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(
      stateAfterConsumerApproval({
        projectStartDate: new Date('2026-02-01'),
        now,
        providerReviewRequired: true,
      }),
    ).toBe('pending-project');
    expect(stateAfterConsumerApproval({ projectStartDate: null, now, providerReviewRequired: true })).toBe(
      'pending-provider',
    );
    expect(stateAfterConsumerApproval({ projectStartDate: null, now, providerReviewRequired: false })).toBe(
      'executing',
    );
  });

  it('resource side effects of finished orders', () => {
    const r = (orderType: 'Create' | 'Update' | 'Terminate', outcome: 'done' | 'erred', has = true) =>
      resourceStateAfterOrder({ orderType, outcome, resourceHasBackendId: has });
    expect(r('Create', 'done')).toBe('OK');
    expect(r('Create', 'erred')).toBe('Erred');
    expect(r('Create', 'erred', false)).toBe('Terminated');
    expect(r('Update', 'done')).toBe('OK');
    expect(r('Update', 'erred')).toBe('Erred');
    expect(r('Terminate', 'done')).toBe('Terminated');
    expect(r('Terminate', 'erred')).toBe('Erred');
    expect(resourceStateWhileExecuting('Terminate')).toBe('Terminating');
    expect(resourceStateWhileExecuting('Create')).toBeNull();
  });
});
