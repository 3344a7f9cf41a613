/**
 * Thrown by a handler for an event that can never take effect (it contradicts the state it applies to):
 * the consumer dead-letters it at once with reason HANDLER_REJECTED instead of retrying.
 * Any other error is treated as transient and retried.
 */
export class EventRejectedError extends Error {
  override readonly name = 'EventRejectedError';
}
