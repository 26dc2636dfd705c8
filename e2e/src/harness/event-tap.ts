// An independent witness of what the publisher sends: a second event subscriber, set up through the public
// REST API exactly like an agent (event subscription, one queue per object type on the offering), reading its
// own queues over Web-STOMP. Waldur delivers each event to every subscriber allowed to see the offering, so the
// tap sees the same messages the agent's queues receive, with their arrival time.
import type { Client, IMessage, StompSubscription } from '@stomp/stompjs';
import { connectStomp } from '@waldur-sim/testkit';
import { HarnessError } from './harness-error.js';
import { matches, waitForMessage, type PayloadSubset } from '@waldur-sim/harness';
import type { WaldurClient } from './waldur-client.js';
import type { WaitOptions } from './wait-for.js';

export interface TappedMessage {
  readonly at: number;
  readonly objectType: string;
  readonly offeringUuid: string;
  readonly queue: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface EventTapOptions {
  /** A user who can see the offerings (the seeded staff user). */
  readonly client: WaldurClient;
  readonly offeringUuids: readonly string[];
  readonly objectTypes: readonly string[];
  readonly webStompUrl: string;
}

export const DEFAULT_TAP_TYPES = [
  'order',
  'user_role',
  'resource',
  'offering_user',
  'offering_resources_sync',
] as const;

export class EventTap {
  readonly messages: TappedMessage[] = [];

  private constructor(
    private readonly client: WaldurClient,
    private readonly subscriptionUuid: string,
    private readonly stomp: Client,
    private readonly subscriptions: StompSubscription[],
  ) {}

  static async start(options: EventTapOptions): Promise<EventTap> {
    const sub = await options.client.createEventSubscription(options.objectTypes, 'e2e event tap');
    const queues: { queue: string; objectType: string; offeringUuid: string }[] = [];
    let vhost = sub.user_uuid;
    for (const offeringUuid of options.offeringUuids) {
      for (const objectType of options.objectTypes) {
        const q = await options.client.createSubscriptionQueue(sub.uuid, offeringUuid, objectType);
        vhost = q.vhost;
        queues.push({ queue: q.queue_name, objectType, offeringUuid });
      }
    }
    let stomp: Client;
    try {
      stomp = await connectStomp({
        url: options.webStompUrl,
        login: sub.uuid,
        passcode: options.client.token,
        vhost,
        heartbeatMs: 0,
      });
    } catch (error) {
      await options.client.deleteEventSubscription(sub.uuid).catch(() => undefined);
      throw new HarnessError('TAP', `event tap could not connect: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const tap = new EventTap(options.client, sub.uuid, stomp, []);
    for (const q of queues) {
      tap.subscriptions.push(
        stomp.subscribe(`/amq/queue/${q.queue}`, (message: IMessage) => {
          tap.record(q, message);
        }),
      );
    }
    return tap;
  }

  private record(q: { queue: string; objectType: string; offeringUuid: string }, message: IMessage): void {
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(message.body) as Record<string, unknown>;
    } catch {
      // kept as body only
    }
    this.messages.push({
      at: Date.now(),
      objectType: q.objectType,
      offeringUuid: q.offeringUuid,
      queue: q.queue,
      headers: Object.fromEntries(Object.entries(message.headers)),
      body: message.body,
      payload,
    });
  }

  /** Messages of one type (optionally matching a payload subset). */
  of(objectType: string, match: PayloadSubset = {}): TappedMessage[] {
    return this.messages.filter((m) => m.objectType === objectType && matches(m.payload, match));
  }

  /** The first message of `objectType` whose payload matches `match`, once the tap has it. */
  waitFor(objectType: string, match: PayloadSubset = {}, options: WaitOptions = {}): Promise<TappedMessage> {
    const what = `a ${objectType} message at the event tap`;
    return waitForMessage(what, () => this.messages, objectType, match, options);
  }

  async stop(): Promise<void> {
    for (const s of this.subscriptions) {
      try {
        s.unsubscribe();
      } catch {
        // connection already gone
      }
    }
    await this.stomp.deactivate();
    await this.client.deleteEventSubscription(this.subscriptionUuid).catch(() => undefined);
  }
}
