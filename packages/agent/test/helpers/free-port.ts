// A free TCP port on loopback (the OS picks it; a tiny race with other processes is acceptable in tests):
// testkit's helper, re-exported so the tests keep one import path.
export { freePort } from '@waldur-sim/testkit';
