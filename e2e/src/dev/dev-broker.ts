// The broker for `pnpm dev`: RABBITMQ_URL if set, else the private local RabbitMQ node (started if needed and
// stopped on exit only if this process started it). Nothing is installed: without rabbitmq-server it says how.
import { brokerFromEnv, startLocalBroker, TestkitError, waitForBroker } from '@waldur-sim/testkit';
import { NO_BROKER_INSTRUCTIONS, type DemoBroker } from '../demo/broker-source.js';
import { HarnessError } from '../harness/harness-error.js';

export async function acquireDevBroker(env: NodeJS.ProcessEnv = process.env): Promise<DemoBroker> {
  if (env.RABBITMQ_URL !== undefined && env.RABBITMQ_URL !== '') {
    const endpoints = brokerFromEnv(env);
    await waitForBroker(endpoints, { timeoutMs: 15_000 });
    return { endpoints, description: 'RABBITMQ_URL', release: () => Promise.resolve() };
  }
  try {
    const quiet = { ...env, WALDUR_SIM_LOG_LEVEL: env.WALDUR_SIM_LOG_LEVEL ?? 'warn' };
    const provided = await startLocalBroker(quiet);
    return {
      endpoints: provided,
      description: 'the private local RabbitMQ node (.data/rabbitmq)',
      release: () => provided.stop(),
    };
  } catch (error) {
    if (error instanceof TestkitError && error.code === 'RABBITMQ_NOT_INSTALLED') {
      throw new HarnessError('BROKER', `${error.message}\n\n${NO_BROKER_INSTRUCTIONS}`, { cause: error });
    }
    throw error;
  }
}
