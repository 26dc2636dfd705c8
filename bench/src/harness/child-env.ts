// Environment for child processes: the shared harness's childEnv (the parent's, minus NODE_EXTRA_CA_CERTS: on
// this machine that variable makes every node start parse a 215 KB CA bundle, docs/sources.md#process-start-up-cost).
export { childEnv } from '@waldur-sim/harness';
