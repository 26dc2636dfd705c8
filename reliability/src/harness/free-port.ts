// Free loopback ports for the publisher's public URL, proxies and private brokers: testkit's helpers, re-exported
// so the harness keeps one import path.
export { freePort, freePorts } from '@waldur-sim/testkit';
