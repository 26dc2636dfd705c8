// Every route of a fastify app, from `app.printRoutes({ commonPrefix: false })`: the tree is walked back into
// (method, path) pairs, so a test covers routes added later without being edited.
export interface AppRoute {
  readonly method: string;
  /** fastify path with parameters, e.g. /api/marketplace-orders/:uuid/approve_by_consumer/ */
  readonly path: string;
}

const TREE_CHARS = /^[│├└─\s]*/u;

/** Parses fastify's route tree printout. */
export function parseRouteTree(tree: string): AppRoute[] {
  const routes: AppRoute[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    if (line.trim() === '') continue;
    const indent = (TREE_CHARS.exec(line)?.[0] ?? '').length;
    const depth = Math.floor(indent / 4);
    const rest = line.slice(indent);
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest);
    const segment = match?.[1] ?? rest;
    stack.length = depth;
    stack[depth] = segment;
    const path = stack.join('');
    for (const method of (match?.[2] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean))
      routes.push({ method, path });
  }
  return routes;
}

/** A concrete URL for a route: parameters and wildcards filled in. */
export function concretePath(
  path: string,
  params: Readonly<Record<string, string>> = {},
  fill = 'x',
): string {
  return path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => params[name] ?? fill).replace(/\*/g, fill);
}
