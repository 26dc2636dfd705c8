// The private node's config files come from the templates in infra/rabbitmq/ (one place to read and
// change them); this fills in the {{PLACEHOLDERS}} and writes the results into the data folder.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { nodePaths, type LocalBrokerConfig } from './local-broker-config.js';
import { TestkitError } from './testkit-error.js';

export const TEMPLATE_FILES = ['rabbitmq.conf', 'rabbitmq-env.conf', 'enabled_plugins'] as const;

/** Replaces every `{{NAME}}`; an unknown name is an error, so a template can't silently keep one. */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  file: string,
): string {
  return template.replace(/\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new TestkitError('TEMPLATE_INVALID', `${file}: unknown placeholder {{${name}}}`);
    return value;
  });
}

export function templateValues(config: LocalBrokerConfig): Record<string, string> {
  return {
    NODE_NAME: config.nodeName,
    AMQP_PORT: String(config.amqpPort),
    MANAGEMENT_PORT: String(config.managementPort),
    STOMP_PORT: String(config.stompPort),
    WEB_STOMP_PORT: String(config.webStompPort),
    DIST_PORT: String(config.distPort),
    EPMD_PORT: String(config.epmdPort),
    ADMIN_USER: config.adminUser,
    ADMIN_PASSWORD: config.adminPassword,
  };
}

/** Creates the data folder layout and writes rabbitmq.conf, rabbitmq-env.conf and enabled_plugins. */
export async function writeNodeConfig(config: LocalBrokerConfig): Promise<void> {
  const paths = nodePaths(config);
  // Parents with the default mode: a 0700 `.data/` would keep the embedded PostgreSQL (run as another user)
  // out of its own folder beside ours. Only the node's folder is private.
  await mkdir(dirname(config.dataDir), { recursive: true });
  for (const dir of [config.dataDir, paths.homeDir, paths.mnesiaDir, paths.logDir, paths.pluginsExpandDir]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  await chmod(config.dataDir, 0o700);
  const targets: Record<(typeof TEMPLATE_FILES)[number], string> = {
    'rabbitmq.conf': paths.configFile,
    'rabbitmq-env.conf': paths.envConfigFile,
    enabled_plugins: paths.enabledPluginsFile,
  };
  const values = templateValues(config);
  for (const file of TEMPLATE_FILES) {
    const source = join(config.templatesDir, file);
    let template: string;
    try {
      template = await readFile(source, 'utf8');
    } catch (error) {
      throw new TestkitError(
        'TEMPLATE_INVALID',
        `cannot read the template ${source} (pass --templates-dir?)`,
        { cause: error },
      );
    }
    // rabbitmq.conf holds the admin password: readable by the node's own user only.
    await writeFile(targets[file], renderTemplate(template, values, source), { mode: 0o600 });
    await chmod(targets[file], 0o600);
  }
}
