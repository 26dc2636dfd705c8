import amqp from 'amqplib';
import { openDatabase, OutboxRelay, AmqpPublisher } from '@waldur-sim/publisher';
const url = 'postgresql://postgres@127.0.0.1:5432/relayprobe';
const amqpUrl = process.env.RABBITMQ_URL;
const db = await openDatabase({ databaseUrl: url });
const vhost = '/';
const conn = await amqp.connect(amqpUrl);
const ch = await conn.createChannel();
const fan = Number(process.argv[2] ?? 1);
const queues = Array.from({ length: fan }, (_, i) => `relayprobe-${i}`);
for (const q of queues) { await ch.assertQueue(q, { durable: true }); await ch.purgeQueue(q); }
const n = 5000;
await db.prisma.$executeRawUnsafe(`DELETE FROM "OutboxMessage"`);
await db.prisma.$executeRawUnsafe(`INSERT INTO "OutboxMessage" (vhost, queue, topic, body, headers, "objectType")
  SELECT '/', 'relayprobe-' || (g % ${fan}), 't', '{"order_uuid":"0123456789abcdef0123456789abcdef","order_state":"executing"}', '{"persistent":"true","content-type":"application/json","x-message-id":"abc"}'::json, 'order' FROM generate_series(0, ${n - 1}) g`);
const batches = [];
const relay = new OutboxRelay({ databaseUrl: url, publisher: new AmqpPublisher({ amqpUrl }), listen: false, observer: { batch: (b) => batches.push(b) } });
const t0 = performance.now();
while ((await relay.drainOnce()) > 0) {}
const ms = performance.now() - t0;
console.log(`fan ${fan}: ${n} in ${ms.toFixed(0)} ms = ${(n / ms * 1000).toFixed(0)} msg/s`);
for (const b of batches.slice(0, 12)) console.log(JSON.stringify({ c: b.claimed, claim: b.claimMs.toFixed(1), pub: b.publishMs.toFixed(1), tot: b.totalMs.toFixed(1) }));
await relay.stop(); await conn.close(); await db.close();
