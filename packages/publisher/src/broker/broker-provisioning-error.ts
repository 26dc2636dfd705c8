// The one error the management-API provisioner throws. HTTP maps it to Waldur's 400 bodies and rolls the
// surrounding DB transaction back (docs/protocol.md#event-subscriptions).
export interface BrokerProvisioningErrorDetails {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** HTTP status, or undefined when the request never got an answer (network, timeout). */
  readonly status?: number | undefined;
  readonly responseBody?: string | undefined;
}

export class BrokerProvisioningError extends Error {
  override readonly name = 'BrokerProvisioningError';
  readonly code = 'ERR_BROKER_PROVISIONING' as const;
  readonly details: BrokerProvisioningErrorDetails;

  constructor(message: string, details: BrokerProvisioningErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.details = details;
  }
}
