// Environment for child processes: the parent's, minus NODE_EXTRA_CA_CERTS. On this machine that variable makes
// every node start parse a 215 KB CA bundle (~100 ms, docs/sources.md#process-start-up-cost); nothing here talks TLS.
export function childEnv(
  extra: Readonly<Record<string, string>> = {},
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
