// The publisher's REST API as a Waldur user calls it (Authorization: Token …): what the fault streams and the
// security tests do to Waldur. Returns status and parsed body; never throws on an HTTP status.
import { ReliabilityError } from './reliability-error.js';

export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
}

export class WaldurRest {
  constructor(
    readonly apiUrl: string,
    readonly token: string,
  ) {}

  url(kind: string, uuid: string): string {
    return `${this.apiUrl}/${kind}/${uuid}/`;
  }

  async call(method: string, path: string, body?: unknown): Promise<RestResponse> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Token ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(30_000),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${this.apiUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }

  /** Like call(), but a status outside `ok` is an API_ERROR. */
  async ok(
    method: string,
    path: string,
    body?: unknown,
    ok: readonly number[] = [200, 201, 202, 204],
  ): Promise<unknown> {
    const r = await this.call(method, path, body);
    if (!ok.includes(r.status)) {
      throw new ReliabilityError(
        'API_ERROR',
        `${method} ${path} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`,
      );
    }
    return r.body;
  }
}
