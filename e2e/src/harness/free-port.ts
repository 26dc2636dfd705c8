// A free TCP port on loopback, for the publisher (its public URL must carry the real port, so `--port 0` is
// not enough: the seeded agent config and response URLs are built from it). testkit's helper, re-exported.
export { freePort } from '@waldur-sim/testkit';
