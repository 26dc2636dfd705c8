// A free TCP port on loopback, for the publisher (its public URL must carry the real port, so `--port 0` is
// not enough): the shared harness's, kept at this path for the suite's imports.
export { freePort } from '@waldur-sim/harness';
