// The publisher's REST API as the fault streams and security tests call it: the shared harness's client, with
// the suite's name for request() (a status outside `ok` is an API_ERROR).
import { WaldurRestClient } from '@waldur-sim/harness';

export type { RestResponse } from '@waldur-sim/harness';

export class WaldurRest extends WaldurRestClient {
  ok(method: string, path: string, body?: unknown, ok?: readonly number[]): Promise<unknown> {
    return this.request(method, path, body, ok);
  }
}
