// The real `waldur-publisher` (seed per world, then serve) as the shared harness runs it; kept at this path
// for the suite's imports.
export {
  PublisherHandle,
  seedWorlds,
  spawnServe,
  startPublisher,
  type SeededWorld,
  type StartPublisherOptions,
} from '@waldur-sim/harness';
