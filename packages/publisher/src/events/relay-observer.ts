// What the outbox relay tells an observer (metrics) about its work. Optional hooks, called synchronously: without
// an observer the relay pays one undefined check per batch and per failed row.
export interface RelayObserver {
  /** One claim → pipelined publish → mark-sent cycle. */
  batch?(b: RelayBatchInfo): void;
  /** A row's publish failed with `code`; `dead` when the row moved to state 'dead'. */
  failed?(code: string, dead: boolean): void;
}

export interface RelayBatchInfo {
  readonly claimed: number;
  readonly sent: number;
  readonly failed: number;
  /** Rows left pending behind an earlier failure of their queue. */
  readonly held: number;
  readonly claimMs: number;
  /** From the end of the claim to the batch's last confirm (including any wait behind the batches ahead). */
  readonly publishMs: number;
  readonly totalMs: number;
}
