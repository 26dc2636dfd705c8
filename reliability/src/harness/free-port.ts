// Free loopback ports for the publisher's public URL, proxies and private brokers: the shared harness's,
// kept at this path for the suite's imports.
export { freePort, freePorts } from '@waldur-sim/harness';
