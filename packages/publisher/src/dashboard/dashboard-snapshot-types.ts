// The JSON the dashboard stream sends once per interval (docs/dashboard.md#data). Shared by the server and the
// browser bundle (type-only import there). Times are ISO strings; null = not (yet) happened or not known.

export interface EventHops {
  /** The outbox row was committed with the change. */
  readonly recorded: string;
  /** The broker confirmed the publish. */
  readonly confirmed: string | null;
  /** The agent's first REST call about the object after the confirm (it had the message). */
  readonly delivered: string | null;
  /** The agent's first state-changing REST call about the object after the confirm (its effect). */
  readonly applied: string | null;
}

export interface DashboardEvent {
  readonly id: string;
  readonly objectType: string;
  /** Short human text, e.g. "order 1a2b3c4d → executing". */
  readonly summary: string;
  readonly state: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly hops: EventHops;
}

export interface DashboardQueue {
  readonly queue: string;
  readonly vhost: string;
  readonly objectType: string;
  readonly offering: string;
  readonly subscriber: string;
  /** From the RabbitMQ management API; null when it could not be read. */
  readonly messages: number | null;
  readonly consumers: number | null;
  readonly publishRate: number | null;
  readonly deliverRate: number | null;
  readonly ackRate: number | null;
}

export interface DashboardAgent {
  readonly name: string;
  readonly offering: string;
  readonly version: string | null;
  readonly lastHeartbeat: string;
  /** up: a consumer on its queues; down: none, or no heartbeat for staleAfterSeconds. */
  readonly status: 'up' | 'down';
  readonly consumers: number;
  readonly services: readonly { readonly name: string; readonly state: string; readonly modified: string }[];
}

export interface DashboardOrder {
  readonly uuid: string;
  readonly type: string;
  readonly state: string;
  readonly resource: string | null;
  readonly modified: string;
}

export interface DashboardResource {
  readonly uuid: string;
  readonly name: string;
  readonly state: string;
  /** The SLURM account (the backend id the agent reported), null until it reports one. */
  readonly backendId: string | null;
  readonly modified: string;
}

export interface DashboardSnapshot {
  readonly at: string;
  readonly outbox: {
    readonly pending: number;
    readonly sent: number;
    readonly dead: number;
    readonly lagSeconds: number;
  };
  readonly events: readonly DashboardEvent[];
  readonly queues: readonly DashboardQueue[];
  readonly agents: readonly DashboardAgent[];
  readonly orders: readonly DashboardOrder[];
  readonly resources: readonly DashboardResource[];
}
