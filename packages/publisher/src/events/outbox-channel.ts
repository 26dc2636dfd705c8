// The PostgreSQL NOTIFY channel that wakes outbox relays when new rows commit (NOTIFY inside a transaction
// is delivered at commit, so a relay never sees the notification before the rows).
export const OUTBOX_NOTIFY_CHANNEL = 'waldur_publisher_outbox';
