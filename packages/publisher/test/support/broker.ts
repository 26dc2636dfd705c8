// The run's broker (set by @waldur-sim/testkit's globalSetup) and a provisioner logged in as its admin.
import { brokerFromEnv, type BrokerEndpoints } from '@waldur-sim/testkit';
import { ManagementApiProvisioner } from '../../src/broker/broker-provisioner.js';

export function testBroker(): BrokerEndpoints {
  return brokerFromEnv(process.env);
}

export function adminProvisioner(b: BrokerEndpoints = testBroker()): ManagementApiProvisioner {
  return new ManagementApiProvisioner({
    managementUrl: b.managementUrl,
    username: b.adminUser,
    password: b.adminPassword,
  });
}
