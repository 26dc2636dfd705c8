import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { TEMPLATE_FILES } from './config-templates.js';
import { webStompTlsConfig, webStompTlsUrl, writeWebStompTlsTemplates } from './web-stomp-tls.js';

const tls = {
  port: 15699,
  certFile: '/tmp/x/server.crt',
  keyFile: '/tmp/x/server.key',
  caCertFile: '/tmp/x/ca.crt',
};
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('web-stomp-tls', () => {
  test('renders the web_stomp.ssl listener', () => {
    const conf = webStompTlsConfig(tls);
    expect(conf).toContain('web_stomp.ssl.port = 15699');
    expect(conf).toContain('web_stomp.ssl.certfile = /tmp/x/server.crt');
    expect(conf).toContain('web_stomp.ssl.keyfile = /tmp/x/server.key');
    expect(conf).toContain('web_stomp.ssl.cacertfile = /tmp/x/ca.crt');
    expect(conf).toContain('web_stomp.ssl.ip = 127.0.0.1');
  });

  test('refuses paths that would need quoting and bad ports', () => {
    expect(() => webStompTlsConfig({ ...tls, certFile: '/tmp/with space/c.crt' })).toThrow(/certfile/);
    expect(() => webStompTlsConfig({ ...tls, keyFile: 'relative.key' })).toThrow(/keyfile/);
    expect(() => webStompTlsConfig({ ...tls, caCertFile: '/tmp/a\nweb_stomp.x = 1' })).toThrow(/cacertfile/);
    expect(() => webStompTlsConfig({ ...tls, port: 70000 })).toThrow(/port/);
  });

  test('copies the templates and appends the listener to rabbitmq.conf only', async () => {
    const source = await mkdtemp(join(tmpdir(), 'tls-src-'));
    const out = await mkdtemp(join(tmpdir(), 'tls-out-'));
    dirs.push(source, out);
    for (const file of TEMPLATE_FILES) await writeFile(join(source, file), `# ${file}\n`);
    await writeWebStompTlsTemplates(out, tls, source);
    const conf = await readFile(join(out, 'rabbitmq.conf'), 'utf8');
    expect(conf.startsWith('# rabbitmq.conf\n')).toBe(true);
    expect(conf).toContain('web_stomp.ssl.port = 15699');
    expect(await readFile(join(out, 'enabled_plugins'), 'utf8')).toBe('# enabled_plugins\n');
    expect(await readFile(join(source, 'rabbitmq.conf'), 'utf8')).toBe('# rabbitmq.conf\n');
  });

  test('wss URL uses the certificate name', () => {
    expect(webStompTlsUrl(15699)).toBe('wss://localhost:15699/ws');
  });
});
