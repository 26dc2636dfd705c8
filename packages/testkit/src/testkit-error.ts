// Typed errors for everything the testkit can refuse or fail at. Callers branch on the stable `code`;
// the message says what to do next (install RabbitMQ, free a port, set RABBITMQ_URL, ...).

export type TestkitErrorCode =
  | 'RABBITMQ_NOT_INSTALLED'
  | 'REPO_ROOT_NOT_FOUND'
  | 'TEMPLATE_INVALID'
  | 'INVALID_OPTION'
  | 'PORT_IN_USE'
  | 'BROKER_START_FAILED'
  | 'BROKER_NOT_READY'
  | 'BROKER_STOP_FAILED'
  | 'BROKER_ENV_INVALID'
  | 'CONTAINER_RUNTIME_UNAVAILABLE'
  | 'CONTAINER_START_FAILED'
  | 'NO_BROKER_AVAILABLE'
  | 'MANAGEMENT_API_ERROR'
  | 'STOMP_CONNECT_FAILED';

export class TestkitError extends Error {
  readonly code: TestkitErrorCode;

  constructor(code: TestkitErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TestkitError';
    this.code = code;
  }
}

/** `rabbitmq-server` is not installed where we look; the message says how to get it. */
export class RabbitMqNotInstalledError extends TestkitError {
  readonly searched: string;

  constructor(searched: string) {
    super(
      'RABBITMQ_NOT_INSTALLED',
      `rabbitmq-server was not found (looked for ${searched}). Nothing is installed automatically. Either:\n` +
        '  - Debian/Ubuntu: `sudo apt-get install rabbitmq-server` (the private node needs no system service; ' +
        'the package only has to be present), then `pnpm broker:start`;\n' +
        '  - Docker: `WALDUR_SIM_BROKER_ADMIN_PASSWORD=<a secret> docker compose -f infra/docker-compose.yml up -d rabbitmq`, then ' +
        'export RABBITMQ_URL=amqp://waldursim-admin:$WALDUR_SIM_BROKER_ADMIN_PASSWORD@127.0.0.1:5682 (see infra/README.md);\n' +
        '  - or point RABBITMQ_URL (+ RABBITMQ_MANAGEMENT_URL, RABBITMQ_WEB_STOMP_URL) at a broker with the ' +
        'management, stomp and web_stomp plugins.',
    );
    this.name = 'RabbitMqNotInstalledError';
    this.searched = searched;
  }
}

/** A non-2xx answer (or a transport failure) from the RabbitMQ management HTTP API. */
export class ManagementApiError extends TestkitError {
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly body: string;

  constructor(args: {
    readonly method: string;
    readonly path: string;
    readonly status?: number;
    readonly body?: string;
    readonly cause?: unknown;
  }) {
    const what = args.status === undefined ? 'failed' : `answered ${args.status}`;
    super(
      'MANAGEMENT_API_ERROR',
      `management API ${args.method} ${args.path} ${what}${args.body ? `: ${args.body}` : ''}`,
      {
        cause: args.cause,
      },
    );
    this.name = 'ManagementApiError';
    this.status = args.status;
    this.method = args.method;
    this.path = args.path;
    this.body = args.body ?? '';
  }
}

/** The STOMP CONNECT was refused (ERROR frame) or the socket closed / timed out before CONNECTED. */
export class StompConnectError extends TestkitError {
  /** Headers of the broker's ERROR frame, when there was one (`message` holds e.g. "Bad CONNECT"). */
  readonly frameHeaders: Readonly<Record<string, string>> | undefined;
  /** Body of the ERROR frame, e.g. "Access refused for user 'x'" or "Virtual host 'v' access denied". */
  readonly frameBody: string | undefined;

  constructor(
    message: string,
    details: {
      readonly frameHeaders?: Record<string, string>;
      readonly frameBody?: string;
      readonly cause?: unknown;
    } = {},
  ) {
    super('STOMP_CONNECT_FAILED', message, { cause: details.cause });
    this.name = 'StompConnectError';
    this.frameHeaders = details.frameHeaders;
    this.frameBody = details.frameBody;
  }
}
