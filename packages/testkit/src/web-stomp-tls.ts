// Web-STOMP over TLS for a private node: the LocalBroker writes its rabbitmq.conf from the templates folder,
// so a TLS variant is a copy of the templates with a `web_stomp.ssl.*` listener appended (the defaults in
// infra/rabbitmq stay untouched). Pass the returned folder as LocalBrokerOptions.templatesDir.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { TEMPLATE_FILES } from './config-templates.js';
import { findRepoRoot } from './repo-root.js';
import { TestkitError } from './testkit-error.js';

export interface WebStompTlsOptions {
  /** TLS listener port (RabbitMQ's default is 15673). */
  readonly port: number;
  /** PEM files; absolute paths of letters, digits and `._-/` only (written into rabbitmq.conf verbatim). */
  readonly certFile: string;
  readonly keyFile: string;
  readonly caCertFile: string;
  /** Listen address; default 127.0.0.1. */
  readonly ip?: string;
}

const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

/** The rabbitmq.conf lines of the TLS listener. */
export function webStompTlsConfig(tls: WebStompTlsOptions): string {
  if (!Number.isInteger(tls.port) || tls.port < 1 || tls.port > 65535) {
    throw new TestkitError('INVALID_OPTION', `web_stomp.ssl.port must be a TCP port, got ${tls.port}`);
  }
  for (const [key, file] of [
    ['certfile', tls.certFile],
    ['keyfile', tls.keyFile],
    ['cacertfile', tls.caCertFile],
  ] as const) {
    if (!isAbsolute(file) || !SAFE_PATH.test(file)) {
      throw new TestkitError(
        'INVALID_OPTION',
        `web_stomp.ssl.${key} must be an absolute path of [A-Za-z0-9._/-], got ${JSON.stringify(file)}`,
      );
    }
  }
  const ip = tls.ip ?? '127.0.0.1';
  if (!/^[0-9.]+$/.test(ip))
    throw new TestkitError(
      'INVALID_OPTION',
      `web_stomp.ssl.ip must be an IPv4 address, got ${JSON.stringify(ip)}`,
    );
  return [
    '',
    '# Web-STOMP over TLS (added by @waldur-sim/testkit web-stomp-tls)',
    `web_stomp.ssl.ip = ${ip}`,
    `web_stomp.ssl.port = ${tls.port}`,
    `web_stomp.ssl.certfile = ${tls.certFile}`,
    `web_stomp.ssl.keyfile = ${tls.keyFile}`,
    `web_stomp.ssl.cacertfile = ${tls.caCertFile}`,
    '',
  ].join('\n');
}

/**
 * Copies the node templates from `sourceDir` (default `<repo>/infra/rabbitmq`) into `outDir` and appends the
 * TLS listener to rabbitmq.conf. Returns `outDir`.
 */
export async function writeWebStompTlsTemplates(
  outDir: string,
  tls: WebStompTlsOptions,
  sourceDir?: string,
): Promise<string> {
  const from = sourceDir ?? join(findRepoRoot(), 'infra', 'rabbitmq');
  const extra = webStompTlsConfig(tls);
  await mkdir(outDir, { recursive: true });
  for (const file of TEMPLATE_FILES) {
    if (file === 'rabbitmq.conf') {
      let template: string;
      try {
        template = await readFile(join(from, file), 'utf8');
      } catch (error) {
        throw new TestkitError('TEMPLATE_INVALID', `cannot read the template ${join(from, file)}`, {
          cause: error,
        });
      }
      await writeFile(join(outDir, file), `${template.trimEnd()}\n${extra}`);
    } else {
      await copyFile(join(from, file), join(outDir, file));
    }
  }
  return outDir;
}

/** The wss:// URL of the TLS listener (`host` must be a name in the server certificate). */
export function webStompTlsUrl(port: number, host = 'localhost'): string {
  return `wss://${host}:${port}/ws`;
}
