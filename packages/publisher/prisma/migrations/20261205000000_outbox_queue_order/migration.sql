-- CreateIndex
CREATE INDEX "OutboxMessage_vhost_queue_state_id_idx" ON "OutboxMessage"("vhost", "queue", "state", "id");
