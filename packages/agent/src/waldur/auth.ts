// Authorization header for Waldur: static `Token <key>`, or an OIDC client-credentials JWT (`Bearer`) cached
// until expires_in − 30 s (fallback TTL 300 s), like the real agent's fetch_oidc_token.
import { WaldurAuthError } from './waldur-errors.js';

export interface AuthProvider {
  header(): Promise<string>;
  /** Drop a cached credential (after a 401). */
  invalidate(): void;
}

export class StaticTokenAuth implements AuthProvider {
  constructor(private readonly token: string) {}
  header(): Promise<string> {
    return Promise.resolve(`Token ${this.token}`);
  }
  invalidate(): void {
    // a static token cannot be refreshed
  }
}

export interface OidcOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export class OidcClientCredentialsAuth implements AuthProvider {
  private cached: { token: string; expiresAt: number } | null = null;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: OidcOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  async header(): Promise<string> {
    if (this.cached !== null && this.cached.expiresAt > this.now()) return `Bearer ${this.cached.token}`;
    let response: Response;
    try {
      response = await this.fetchFn(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.options.clientId,
          client_secret: this.options.clientSecret,
        }).toString(),
      });
    } catch (err) {
      throw new WaldurAuthError(`OIDC token request to ${this.options.tokenUrl} failed`, err);
    }
    if (!response.ok)
      throw new WaldurAuthError(`OIDC token request failed with HTTP ${String(response.status)}`);
    const json = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string')
      throw new WaldurAuthError('OIDC token response has no access_token');
    const ttl = typeof json.expires_in === 'number' ? Math.max(0, json.expires_in - 30) : 300;
    this.cached = { token: json.access_token, expiresAt: this.now() + ttl * 1000 };
    return `Bearer ${json.access_token}`;
  }

  invalidate(): void {
    this.cached = null;
  }
}
