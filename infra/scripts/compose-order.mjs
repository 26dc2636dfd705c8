#!/usr/bin/env node
// Checks the Compose stack end to end from the host: as the seeded consumer, orders an allocation on the
// seeded SLURM offering, approves it and waits until the agent (in its container, over STOMP, on slurm-mock)
// has driven it to `done`. Reads what `eval "$(infra/scripts/compose.sh env)"` exports. Exit 0 = done.
// Usage: node infra/scripts/compose-order.mjs [--help]
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: eval "$(infra/scripts/compose.sh env)" && node infra/scripts/compose-order.mjs');
  process.exit(0);
}

const need = (name) => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`compose-order: ${name} is not set (eval "$(infra/scripts/compose.sh env)" first)`);
    process.exit(2);
  }
  return value;
};
const api = `${need('PUBLISHER_URL')}/api/`;
const token = need('WALDUR_SIM_CONSUMER_TOKEN');
const offering = need('WALDUR_SIM_OFFERING_UUID');
const project = need('WALDUR_SIM_PROJECT_UUID');
const TIMEOUT_MS = 180_000;

async function rest(method, path, body) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

const started = Date.now();
const order = await rest('POST', 'marketplace-orders/', {
  offering: `${api}marketplace-public-offerings/${offering}/`,
  project: `${api}projects/${project}/`,
  type: 'Create',
  limits: { cpu: 10, mem: 8 },
  attributes: { name: 'compose-allocation' },
});
await rest('POST', `marketplace-orders/${order.uuid}/approve_by_consumer/`);
for (;;) {
  const current = await rest('GET', `marketplace-orders/${order.uuid}/`);
  if (current.state === 'done') {
    console.log(
      `compose-order: order ${order.uuid} done after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    process.exit(0);
  }
  if (['erred', 'rejected', 'canceled'].includes(current.state) || Date.now() - started > TIMEOUT_MS) {
    console.error(`compose-order: order ${order.uuid} is ${current.state}: ${current.error_message ?? ''}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
