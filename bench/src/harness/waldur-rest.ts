// The publisher's REST API as the benchmark calls it (the consumer's order calls in every latency scenario, the
// provider's calls the floor script issues in place of the agent): the shared harness's client.
import { WaldurRestClient } from '@waldur-sim/harness';

export class WaldurRest extends WaldurRestClient {
  /** The resource's backend_id ('' until the agent set one). */
  async resourceBackendId(resourceUuid: string): Promise<string> {
    return (await this.resource(resourceUuid)).backend_id;
  }
}
