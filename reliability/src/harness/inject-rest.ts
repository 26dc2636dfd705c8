// REST calls through fastify's `inject` (no sockets): what the security and fuzz tests use against an
// in-process publisher. Also the agent-side subscription set-up a site agent does (identity,
// register_event_subscription, create_queue), returning the STOMP credentials it yields.
import type { RunningPublisher } from '@waldur-sim/publisher';
import { ReliabilityError } from './reliability-error.js';

type App = RunningPublisher['app'];

export interface InjectResponse {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

export interface InjectOptions {
  /** Full Authorization header value; `null` sends none. Default `Token <token>`. */
  readonly authorization?: string | null;
  readonly body?: unknown;
  /** Raw payload (sent as is, with content-type application/json). */
  readonly rawBody?: string;
}

export async function callApi(
  app: App,
  method: string,
  url: string,
  token: string | null,
  options: InjectOptions = {},
): Promise<InjectResponse> {
  const authorization =
    options.authorization === undefined ? (token === null ? null : `Token ${token}`) : options.authorization;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  let body: unknown = response.body;
  try {
    body = response.body === '' ? undefined : JSON.parse(response.body);
  } catch {
    // not JSON
  }
  return { status: response.statusCode, body, text: response.body };
}

export async function okApi(
  app: App,
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const r = await callApi(app, method, url, token, body === undefined ? {} : { body });
  if (r.status < 200 || r.status >= 300)
    throw new ReliabilityError('API_ERROR', `${method} ${url} -> ${r.status}: ${r.text.slice(0, 400)}`);
  return (r.body ?? {}) as Record<string, unknown>;
}

export interface StompCredentials {
  readonly subscriptionUuid: string;
  /** RabbitMQ vhost (the Waldur user's uuid hex). */
  readonly vhost: string;
  /** RabbitMQ login (the subscription uuid hex). */
  readonly login: string;
  /** RabbitMQ password (the Waldur user's API token). */
  readonly passcode: string;
  readonly queue: string;
}

/** What a site agent does at start-up for one object type: identity, subscription, queue. */
export async function registerAgentQueue(
  app: App,
  token: string,
  offeringUuid: string,
  objectType: string,
): Promise<StompCredentials> {
  const name = `agent-${offeringUuid}`;
  const list = await callApi(app, 'GET', `/api/marketplace-site-agent-identities/?name=${name}`, token);
  const existing = Array.isArray(list.body)
    ? (list.body as { uuid: string; name: string }[]).find((i) => i.name === name)
    : undefined;
  const identity =
    existing ??
    ((await okApi(app, 'POST', '/api/marketplace-site-agent-identities/', token, {
      offering: offeringUuid,
      name,
    })) as { uuid: string });
  const sub = (await okApi(
    app,
    'POST',
    `/api/marketplace-site-agent-identities/${identity.uuid}/register_event_subscription/`,
    token,
    {
      observable_object_type: objectType,
    },
  )) as { uuid: string; user_uuid: string };
  const queue = (await okApi(app, 'POST', `/api/event-subscriptions/${sub.uuid}/create_queue/`, token, {
    offering_uuid: offeringUuid,
    object_type: objectType,
  })) as { queue_name: string; vhost: string };
  return {
    subscriptionUuid: sub.uuid,
    vhost: queue.vhost,
    login: sub.uuid,
    passcode: token,
    queue: queue.queue_name,
  };
}
