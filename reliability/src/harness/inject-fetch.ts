// A fetch that answers from a fastify app through `inject` (no sockets): the agent's REST client talks to an
// in-process publisher exactly as it would over HTTP, headers (Link pagination) included.
import type { AgentDeps } from '@waldur-sim/agent';
import type { RunningPublisher } from '@waldur-sim/publisher';

type FetchLike = NonNullable<AgentDeps['fetch']>;

export function injectFetch(app: RunningPublisher['app']): FetchLike {
  return async (url, init) => {
    const u = new URL(url);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? init.body : undefined;
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: `${u.pathname}${u.search}`,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (typeof v === 'string') out.set(k, v);
      else if (typeof v === 'number') out.set(k, String(v));
      else if (Array.isArray(v)) for (const item of v) out.append(k, item);
    }
    const empty = res.statusCode === 204 || res.statusCode === 304 || init.method === 'HEAD';
    return new Response(empty ? null : res.body, { status: res.statusCode, headers: out });
  };
}
