-- The relay reads pending rows in id order and a queue's earliest pending row; partial indexes hold only pending
-- rows, so neither read steps over the sent ones (docs/guarantees.md#relay-pipelining).
-- DropIndex
DROP INDEX "OutboxMessage_state_availableAt_id_idx";

-- DropIndex
DROP INDEX "OutboxMessage_vhost_queue_state_id_idx";

-- CreateIndex
CREATE INDEX "OutboxMessage_pending_id_idx" ON "OutboxMessage"("id") WHERE (state = 'pending');

-- CreateIndex
CREATE INDEX "OutboxMessage_pending_queue_id_idx" ON "OutboxMessage"("vhost", "queue", "id") WHERE (state = 'pending');

