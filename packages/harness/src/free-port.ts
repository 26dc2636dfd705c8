// Free loopback ports for publishers, proxies and private brokers: testkit's helpers, re-exported so every suite
// imports its harness vocabulary from one place.
export { freePort, freePorts } from '@waldur-sim/testkit';
