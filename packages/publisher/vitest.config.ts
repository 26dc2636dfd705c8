import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'publisher',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One real RabbitMQ for the run (RABBITMQ_URL, testcontainers, or the private local node).
    globalSetup: ['@waldur-sim/testkit/global-setup'],
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});
