// Turns what the three witnesses recorded into the demo's timeline: per step, each event with when the broker
// carried it (event tap), when the agent took it and when it finished applying it, the SLURM commands the agent
// ran meanwhile, and how long the step took to reach its end state. Times are relative to the demo's start.
import type { AgentMessage, SlurmCommand } from '../harness/agent.js';
import type { TappedMessage } from '../harness/event-tap.js';

export interface StepResult {
  readonly index: number;
  readonly title: string;
  readonly startedAt: number;
  /** When the end state was observed (undefined: never). */
  readonly reachedAt: number | undefined;
  /** The end state as observed (or what was expected, when it was not reached). */
  readonly endState: string;
  readonly error?: string;
}

export interface TimelineSources {
  readonly tap: readonly TappedMessage[];
  readonly agent: readonly AgentMessage[];
  readonly commands: readonly SlurmCommand[];
}

const NOISE = new Set(['--parsable2', '--noheader', '--immediate']);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

function rel(at: number | undefined, t0: number): string {
  return at === undefined ? '—' : `+${seconds(at - t0)}`;
}

/** A short description of an event payload: `order pending-provider`, `user_role granted PROJECT.MEMBER`, … */
export function describeEvent(objectType: string, p: Readonly<Record<string, unknown>>): string {
  const s = (v: unknown): string =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  switch (objectType) {
    case 'order':
      return `order ${s(p.order_state)} (${s(p.order_uuid).slice(0, 8)})`;
    case 'user_role':
      return p.user_uuid === undefined
        ? `user_role sync of ${s(p.project_name)}`
        : `user_role ${p.granted === true ? 'granted' : 'revoked'} ${s(p.role_name)} to ${s(p.user_username)}`;
    case 'resource':
      return `resource ${s(p.resource_backend_id)} paused=${s(p.paused)} downscaled=${s(p.downscaled)}`;
    case 'offering_user':
      return `offering_user ${s(p.action)} ${s(p.username)}`;
    default:
      return objectType;
  }
}

export function renderCommand(argv: readonly string[]): string {
  return argv.filter((a) => !NOISE.has(a)).join(' ');
}

export function renderStep(
  step: StepResult,
  windowEnd: number,
  sources: TimelineSources,
  t0: number,
): string[] {
  const out: string[] = [];
  const inWindow = (at: number): boolean => at >= step.startedAt && at < windowEnd;
  out.push(`Step ${step.index}  ${step.title}   (started ${rel(step.startedAt, t0)})`);
  const events = sources.tap.filter((m) => inWindow(m.at));
  if (events.length > 0) {
    out.push(
      `    ${'event'.padEnd(58)} ${'published'.padStart(10)} ${'agent got'.padStart(10)} ${'applied'.padStart(10)} ${'pub→applied'.padStart(12)}`,
    );
    for (const e of events) {
      const key = canonical(e.payload);
      const taken = sources.agent.find((a) => a.objectType === e.objectType && canonical(a.payload) === key);
      const applied = taken?.ackedAt;
      // Both subscribers read their own copy; whichever saw it first bounds the publication time.
      const published = taken === undefined ? e.at : Math.min(e.at, taken.at);
      out.push(
        `    ${describeEvent(e.objectType, e.payload).padEnd(58).slice(0, 58)} ${rel(published, t0).padStart(10)} ${rel(taken?.at, t0).padStart(10)} ${rel(applied, t0).padStart(10)} ${(applied === undefined ? '—' : `${String(applied - published)} ms`).padStart(12)}`,
      );
    }
  } else {
    out.push('    (no event seen)');
  }
  const commands = sources.commands.filter((c) => inWindow(c.at));
  if (commands.length > 0) {
    out.push('    SLURM commands run by the agent:');
    for (const c of commands) out.push(`      ${rel(c.at, t0).padStart(8)}  ${renderCommand(c.argv)}`);
  }
  if (step.reachedAt !== undefined)
    out.push(`    ✔ end state after ${seconds(step.reachedAt - step.startedAt)}: ${step.endState}`);
  else
    out.push(
      `    ✘ end state NOT reached: ${step.endState}${step.error === undefined ? '' : ` (${step.error})`}`,
    );
  return out;
}

export function renderTimeline(
  steps: readonly StepResult[],
  sources: TimelineSources,
  t0: number,
  end: number,
): string {
  const lines: string[] = [];
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    lines.push(...renderStep(step, next === undefined ? end : next.startedAt, sources, t0), '');
  });
  return lines.join('\n');
}
