// A few calls to the Docker Engine API over its unix socket, enough to prepare testcontainers before its
// first contact with the engine (see container-runtime-env.ts). Kept apart so that the decisions can be
// tested with a fake engine.
import { request } from 'node:http';

export interface DockerEngineApi {
  /** The engine's host name (`docker info` Name). */
  hostName(): Promise<string>;
  hasImage(image: string): Promise<boolean>;
  /** Tries to pull; false when the registry cannot be reached or refuses, within `timeoutMs`. */
  pull(image: string, timeoutMs: number): Promise<boolean>;
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** The socket of DOCKER_HOST (unix://...) or the default one; undefined for a TCP engine. */
export function dockerSocketPath(env: NodeJS.ProcessEnv): string | undefined {
  const host = env.DOCKER_HOST;
  if (host === undefined || host === '') return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
}

function call(socketPath: string, method: string, path: string, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => {
      req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`));
    });
    req.on('error', reject);
    req.end();
  });
}

function splitImage(image: string): { name: string; tag: string } {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/')
    ? { name: image.slice(0, at), tag: image.slice(at + 1) }
    : { name: image, tag: 'latest' };
}

export function socketDockerEngineApi(socketPath: string, timeoutMs = 5000): DockerEngineApi {
  return {
    async hostName() {
      const reply = await call(socketPath, 'GET', '/info', timeoutMs);
      const info = JSON.parse(reply.body) as { Name?: unknown };
      return typeof info.Name === 'string' ? info.Name : '';
    },
    async hasImage(image) {
      const reply = await call(socketPath, 'GET', `/images/${encodeURIComponent(image)}/json`, timeoutMs);
      return reply.status === 200;
    },
    async pull(image, pullTimeoutMs) {
      const { name, tag } = splitImage(image);
      const query = new URLSearchParams({ fromImage: name, tag }).toString();
      try {
        const reply = await call(socketPath, 'POST', `/images/create?${query}`, pullTimeoutMs);
        // The engine answers 200 and then streams progress; a failed pull ends with an `error` line.
        return reply.status === 200 && !reply.body.includes('"error"');
      } catch {
        return false;
      }
    },
  };
}
