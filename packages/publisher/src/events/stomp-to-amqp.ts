// Waldur publishes with a STOMP SEND; we publish over AMQP. RabbitMQ's STOMP plugin turns a SEND into an
// AMQP message like this (verified against RabbitMQ 3.10, see test/events/stomp-equivalence.test.ts):
//   persistent:true -> delivery mode 2, content-type -> contentType, and every other header (including the
//   content-length stomp.py adds last) goes into the AMQP headers table in reverse frame order.
// Reproducing that mapping makes the MESSAGE frame a Web-STOMP consumer receives identical to the one it
// would get from Waldur (apart from the broker's per-delivery message-id/subscription/ack headers).
import type { Options } from 'amqplib';

/** Header names the STOMP plugin consumes instead of copying them into the headers table. */
const MAPPED = new Set(['persistent', 'content-type', 'destination', 'receipt', 'transaction']);

export function amqpPublishOptions(
  sendHeaders: Readonly<Record<string, string>>,
  body: string,
): Options.Publish {
  // stomp.py frame order: user headers…, destination, content-length (auto_content_length); the table takes
  // them in reverse (a plain loop: this runs once per published message).
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(body, 'utf8')) };
  const names = Object.keys(sendHeaders);
  for (let i = names.length - 1; i >= 0; i -= 1) {
    const name = names[i];
    if (name === undefined || MAPPED.has(name) || name === 'content-length') continue;
    const value = sendHeaders[name];
    if (value !== undefined) headers[name] = value;
  }
  const options: Options.Publish = { headers, mandatory: true };
  if (sendHeaders.persistent === 'true') options.persistent = true;
  const contentType = sendHeaders['content-type'];
  if (contentType !== undefined) options.contentType = contentType;
  return options;
}
