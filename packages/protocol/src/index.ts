// Public API of @waldur-sim/protocol: the wire contract between the Waldur publisher and the site agent. No I/O.
export {
  ProtocolError,
  type ProtocolErrorCode,
  type ProtocolErrorOptions,
  type ProtocolIssue,
} from './protocol-error.js';
export { describeIssues, zodIssues } from './format-zod-error.js';

export {
  OBSERVABLE_OBJECT_TYPES,
  observableObjectTypeSchema,
  isObservableObjectType,
  type ObservableObjectType,
} from './enums/observable-object-type.js';
export {
  ORDER_STATES,
  ORDER_STATE_CODES,
  TERMINAL_ORDER_STATES,
  orderStateSchema,
  isTerminalOrderState,
  type OrderState,
} from './enums/order-state.js';
export { ORDER_TYPES, ORDER_TYPE_CODES, orderTypeSchema, type OrderType } from './enums/order-type.js';
export { RESOURCE_STATES, resourceStateSchema, type ResourceState } from './enums/resource-state.js';
export {
  OFFERING_USER_STATES,
  offeringUserStateSchema,
  type OfferingUserState,
} from './enums/offering-user-state.js';

export { toHex, isHexUuid, hexUuidSchema } from './hex-uuid.js';
export { queueName, parseQueueName, topicFor, destinationFor, type QueueParts } from './queue-naming.js';
export { messageId } from './message-id.js';
export { encodePayload, encodePythonString } from './encode-payload.js';
export { pythonFloatRepr } from './python-float-repr.js';
export { sendHeaders, type SendHeaders } from './send-headers.js';
export {
  SUBSCRIPTION_QUEUE_ARGUMENTS,
  DEAD_LETTER_QUEUE,
  type SubscriptionQueueArguments,
} from './queue-arguments.js';
export {
  buildMessage,
  buildMessages,
  type BuildMessageInput,
  type BuiltMessage,
  type LegacyEvent,
  type LegacyRecipient,
} from './build-message.js';
export {
  buildUnifiedMessage,
  consumerQueueName,
  parseConsumerQueueName,
  UNIFIED_SCHEMA_VERSION,
  type BuildUnifiedMessageInput,
} from './unified-message.js';

export {
  orderMessageSchema,
  orderStateMessageSchema,
  pendingOrderMessageSchema,
  orderProviderInfoMessageSchema,
  type OrderMessage,
  type OrderStateMessage,
  type PendingOrderMessage,
  type OrderProviderInfoMessage,
} from './messages/order-message.js';
export {
  userRoleMessageSchema,
  userRoleSyncMessageSchema,
  userRoleChannelMessageSchema,
  type UserRoleMessage,
  type UserRoleSyncMessage,
  type UserRoleChannelMessage,
} from './messages/user-role-message.js';
export { resourceMessageSchema, type ResourceMessage } from './messages/resource-message.js';
export {
  offeringUserMessageSchema,
  offeringUserUsernameSetMessageSchema,
  offeringUserCreateMessageSchema,
  offeringUserUpdateMessageSchema,
  offeringUserDeleteMessageSchema,
  offeringUserAttributeUpdateMessageSchema,
  OFFERING_USER_ACTIONS,
  type OfferingUserAction,
  type OfferingUserMessage,
} from './messages/offering-user-message.js';
export { accountMessageSchema, type AccountMessage } from './messages/account-message.js';
export {
  importableResourcesMessageSchema,
  type ImportableResourcesMessage,
} from './messages/importable-resources-message.js';
export {
  offeringResourcesSyncMessageSchema,
  type OfferingResourcesSyncMessage,
} from './messages/offering-resources-sync-message.js';
export {
  periodicLimitsMessageSchema,
  type PeriodicLimitsMessage,
} from './messages/periodic-limits-message.js';
export {
  apiKeyRotationMessageSchema,
  type ApiKeyRotationMessage,
} from './messages/api-key-rotation-message.js';
export {
  endDateChangeRequestMessageSchema,
  type EndDateChangeRequestMessage,
} from './messages/end-date-change-request-message.js';
export { MESSAGE_SCHEMAS, type MessageFor } from './messages/message-schemas.js';
export { parseMessage, type ParseResult } from './messages/parse-message.js';

export {
  isoDateTimeSchema,
  isoDateSchema,
  absoluteUrlSchema,
  uuidInputSchema,
  limitsSchema,
} from './rest/rest-fields.js';
export {
  eventSubscriptionSchema,
  observableObjectSchema,
  eventSubscriptionCreateRequestSchema,
  registerEventSubscriptionRequestSchema,
  type EventSubscription,
  type EventSubscriptionCreateRequest,
  type RegisterEventSubscriptionRequest,
} from './rest/event-subscription.js';
export {
  eventSubscriptionQueueSchema,
  createQueueRequestSchema,
  EVENT_SUBSCRIPTION_QUEUE_KEYS,
  type EventSubscriptionQueue,
  type CreateQueueRequest,
} from './rest/event-subscription-queue.js';
export {
  agentIdentitySchema,
  agentIdentityRequestSchema,
  agentDependencySchema,
  agentCompatibilitySchema,
  AGENT_COMPATIBILITY_STATUSES,
  type AgentIdentity,
  type AgentIdentityRequest,
} from './rest/agent-identity.js';
export {
  agentServiceSchema,
  nestedAgentServiceSchema,
  agentServiceStateSchema,
  registerServiceRequestSchema,
  AGENT_SERVICE_STATES,
  type AgentService,
  type AgentServiceState,
  type NestedAgentService,
  type RegisterServiceRequest,
} from './rest/agent-service.js';
export {
  agentProcessorSchema,
  nestedAgentProcessorSchema,
  registerProcessorRequestSchema,
  type AgentProcessor,
  type NestedAgentProcessor,
  type RegisterProcessorRequest,
} from './rest/agent-processor.js';
export { orderSchema, billingUnitSchema, BILLING_UNITS, type Order } from './rest/order.js';
export {
  providerResourceSchema,
  nestedEndpointSchema,
  type ProviderResource,
} from './rest/provider-resource.js';
export { offeringUserSchema, OFFERING_USER_RUNTIME_STATES, type OfferingUser } from './rest/offering-user.js';
export {
  providerOfferingSchema,
  offeringComponentSchema,
  offeringStateSchema,
  OFFERING_STATES,
  BILLING_TYPES,
  LIMIT_PERIODS,
  type ProviderOffering,
  type OfferingComponent,
} from './rest/provider-offering.js';
export { userSchema, type User } from './rest/user.js';
export {
  setBackendIdRequestSchema,
  setLimitsRequestSchema,
  setStateErredRequestSchema,
  type SetBackendIdRequest,
  type SetLimitsRequest,
  type SetStateErredRequest,
} from './rest/action-requests.js';
export {
  EVENT_CONSUMER_SCOPE_TYPES,
  registerQueueRequestSchema,
  eventConsumerRegisterRequestSchema,
  consumerRegistrationSchema,
  type RegisterQueueRequest,
  type EventConsumerRegisterRequest,
  type ConsumerRegistration,
} from './rest/event-consumer.js';
