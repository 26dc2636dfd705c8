-- Nothing reads sent rows by "sentAt"; the index cost an entry on every outbox insert and every "sent" mark
-- (docs/guarantees.md#relay-pipelining).
-- DropIndex
DROP INDEX "OutboxMessage_sentAt_id_idx";
