// "Ready" means a client can really use all three doors: an AMQP login, the management API with the
// admin credentials, and a Web-STOMP endpoint that answers an HTTP GET with 400/426 (upgrade required).
import { connect } from 'amqplib';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { TestkitError } from './testkit-error.js';

export interface ProbeResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface BrokerProbe {
  readonly ready: boolean;
  readonly amqp: ProbeResult;
  readonly management: ProbeResult;
  readonly webStomp: ProbeResult;
  /** Node name from /api/overview, when the management API answered. */
  readonly node: string | undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause instanceof Error ? `: ${describe(error.cause)}` : '';
    return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
  }
  return String(error);
}

export async function probeAmqp(amqpUrl: string, timeoutMs = 3000): Promise<ProbeResult> {
  try {
    const connection = await connect(amqpUrl, { timeout: timeoutMs });
    await connection.close();
    return { ok: true, detail: 'login ok' };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function probeManagement(
  managementUrl: string,
  user: string,
  password: string,
  timeoutMs = 3000,
): Promise<ProbeResult & { readonly node: string | undefined }> {
  try {
    const response = await fetch(`${managementUrl}/api/overview`, {
      headers: { authorization: basicAuth(user, password) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 200)
      return { ok: false, detail: `HTTP ${response.status} ${text.slice(0, 200)}`, node: undefined };
    const body = JSON.parse(text) as { node?: unknown };
    const node = typeof body.node === 'string' ? body.node : undefined;
    return { ok: true, detail: `node ${node ?? '?'}`, node };
  } catch (error) {
    return { ok: false, detail: describe(error), node: undefined };
  }
}

export async function probeWebStomp(webStompUrl: string, timeoutMs = 3000): Promise<ProbeResult> {
  const httpUrl = webStompUrl.replace(/^ws(s?):/, 'http$1:');
  try {
    const response = await fetch(httpUrl, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    const ok = response.status === 400 || response.status === 426;
    return { ok, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

export async function probeBroker(endpoints: BrokerEndpoints, timeoutMs = 3000): Promise<BrokerProbe> {
  const [amqp, management, webStomp] = await Promise.all([
    probeAmqp(endpoints.amqpUrl, timeoutMs),
    probeManagement(endpoints.managementUrl, endpoints.adminUser, endpoints.adminPassword, timeoutMs),
    probeWebStomp(endpoints.webStompUrl, timeoutMs),
  ]);
  return {
    ready: amqp.ok && management.ok && webStomp.ok,
    amqp,
    management: { ok: management.ok, detail: management.detail },
    webStomp,
    node: management.node,
  };
}

export function describeProbe(probe: BrokerProbe): string {
  return `amqp: ${probe.amqp.detail}; management: ${probe.management.detail}; web-stomp: ${probe.webStomp.detail}`;
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly probe?: (endpoints: BrokerEndpoints) => Promise<BrokerProbe>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Called between probes; a returned reason aborts the wait (e.g. "the node's process exited"). */
  readonly abortReason?: () => Promise<string | undefined>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes until everything answers; throws BROKER_NOT_READY (or BROKER_START_FAILED on abort). */
export async function waitForBroker(endpoints: BrokerEndpoints, options: WaitOptions): Promise<BrokerProbe> {
  const probe = options.probe ?? probeBroker;
  const pause = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const result = await probe(endpoints);
    if (result.ready) return result;
    const reason = await options.abortReason?.();
    if (reason !== undefined)
      throw new TestkitError('BROKER_START_FAILED', `${reason} (last probe: ${describeProbe(result)})`);
    if (now() >= deadline) {
      throw new TestkitError(
        'BROKER_NOT_READY',
        `broker not ready after ${options.timeoutMs} ms: ${describeProbe(result)}`,
      );
    }
    await pause(options.intervalMs ?? 250);
  }
}
