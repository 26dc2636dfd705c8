// What the outbox relay tells an observer (metrics) about each publish. Optional: without an observer the relay
// pays one undefined check per row.
export interface RelayObserver {
  /** A row was published and confirmed by the broker; `seconds` from publish call to confirm. */
  published(seconds: number): void;
  /** A publish failed with `code`; `dead` when the row moved to state 'dead'. */
  failed(code: string, dead: boolean): void;
}
