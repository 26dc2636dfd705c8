// Keeps credentials out of the access log. API tokens are also RabbitMQ passwords, and a client may put one in
// a query string (`?token=…`); fastify logs every request URL, so query parameters with credential-like names
// are replaced before the request is serialised into a log line.
import type { FastifyRequest } from 'fastify';

/** Query parameter names whose values are never logged. */
const SECRET_PARAM = /token|key|secret|passw|passcode|auth|credential|session|signature/i;
export const REDACTED = '[REDACTED]';

/** `url` with the values of credential-like query parameters replaced by REDACTED. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replaceAll('+', ' '));
      } catch {
        // A malformed escape: judge the raw name.
      }
      return SECRET_PARAM.test(name) && eq >= 0 ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/** fastify's default `req` serializer, with the URL redacted. */
export function redactedRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  };
}
