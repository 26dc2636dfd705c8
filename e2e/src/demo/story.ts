// Plays the demo's story (demo-scenario.ts) against a running pair and reports it: the timeline, the final
// states and each step's latency. The same code serves `pnpm demo` (processes the demo starts) and
// `pnpm demo --compose` (the Docker Compose stack), so both reach the same end states by construction.
import type { AgentHandle } from '../harness/agent.js';
import type { EventTap } from '../harness/event-tap.js';
import { waitFor } from '../harness/wait-for.js';
import { DEMO_STEPS, finalStates, type DemoContext } from './demo-scenario.js';
import { renderTimeline, seconds, type StepResult } from './timeline.js';

export interface StoryWitnesses {
  /** An independent subscriber: when the broker carried each event. */
  readonly tap: EventTap;
  /** The agent when it is our child process (its log says when it took and applied each event and which SLURM
   * commands it ran); absent for an agent in a container, whose columns then stay empty. */
  readonly agent?: AgentHandle;
}

async function runSteps(ctx: DemoContext, witnesses: StoryWitnesses): Promise<StepResult[]> {
  const { tap, agent } = witnesses;
  const results: StepResult[] = [];
  for (const [i, step] of DEMO_STEPS.entries()) {
    const startedAt = Date.now();
    process.stderr.write(`… step ${i + 1}/${DEMO_STEPS.length}: ${step.title}\n`);
    try {
      const endState = await step.run(ctx);
      results.push({ index: i + 1, title: step.title, startedAt, reachedAt: Date.now(), endState });
    } catch (error) {
      results.push({
        index: i + 1,
        title: step.title,
        startedAt,
        reachedAt: undefined,
        endState: step.expected,
        error: (error as Error).message.split('\n')[0] ?? '',
      });
    }
    if (agent === undefined) continue;
    // Let the step's trailing events (e.g. the final `done` order message) reach the agent before the next
    // step starts, so each event is shown under the step that caused it.
    await waitFor(
      'the agent to apply every event of the step',
      () => {
        const pending = tap.messages.filter((m) => m.at >= startedAt);
        const applied = agent.messages().filter((m) => m.at >= startedAt && m.ackedAt !== undefined).length;
        return applied >= pending.length;
      },
      { timeoutMs: 5000 },
    ).catch(() => undefined);
  }
  return results;
}

/** Plays every step, prints the report through `say`; returns the exit code (0 = every end state reached). */
export async function playStory(
  ctx: DemoContext,
  witnesses: StoryWitnesses,
  say: (line?: string) => void,
  logsHint: string,
): Promise<number> {
  const { tap, agent } = witnesses;
  const t0 = Date.now();
  const results = await runSteps(ctx, witnesses);
  const end = Date.now();
  const commands = agent?.slurmCommands() ?? [];

  say(
    'Timeline (times from the first step; "published" = first seen on the broker, by the agent or by an independent subscriber;',
  );
  say('"applied" = the agent finished handling it and acknowledged it)');
  say();
  say(renderTimeline(results, { tap: tap.messages, agent: agent?.messages() ?? [], commands }, t0, end));
  say('Final states');
  for (const line of await finalStates(ctx)) say(`  ${line}`);
  say();
  say('Latency of each step (action -> end state observed through REST and slurm-mock)');
  for (const r of results)
    say(
      `  step ${r.index}  ${r.reachedAt === undefined ? 'NOT REACHED' : seconds(r.reachedAt - r.startedAt).padStart(8)}  ${r.title}`,
    );
  const failed = results.filter((r) => r.reachedAt === undefined);
  say();
  say(
    failed.length === 0
      ? `All ${results.length} expected end states reached. Messages seen: ${tap.messages.length}${agent === undefined ? '' : `; SLURM commands run: ${commands.length}`}.`
      : `${failed.length} of ${results.length} expected end states NOT reached (see above; logs in ${logsHint}).`,
  );
  return failed.length === 0 ? 0 : 1;
}
