/** The topic every service announces itself on (contracts/asyncapi/sandbox.asyncapi.yaml); LIFECYCLE_TOPIC overrides it. */
export const LIFECYCLE_TOPIC = 'sandbox.lifecycle';

/** The CloudEvents type of the announcement, sent at start and again every ANNOUNCE_EVERY_MS while it runs. */
export const SERVICE_STARTED_TYPE = 'org.dpi.sandbox.service.started.v1';

/** The CloudEvents type a service sends when it shuts down gracefully. */
export const SERVICE_STOPPED_TYPE = 'org.dpi.sandbox.service.stopped.v1';

/** How often a running instance repeats its announcement (contracts/asyncapi/sandbox.asyncapi.yaml). */
export const ANNOUNCE_EVERY_MS = 30_000;

/** A peer not heard from for this long (three missed announcements) is no longer listed. */
export const PEER_EXPIRES_AFTER_MS = 3 * ANNOUNCE_EVERY_MS + 5_000;

/** The payload of org.dpi.sandbox.service.started.v1. */
export interface ServiceStarted {
  service: string;
  version: string;
  instanceId: string;
  startedAt: string;
}

/** The payload of org.dpi.sandbox.service.stopped.v1. */
export interface ServiceStopped {
  service: string;
  instanceId: string;
  stoppedAt: string;
}
