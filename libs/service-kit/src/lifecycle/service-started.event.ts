/** The topic every service announces itself on (contracts/asyncapi/sandbox.asyncapi.yaml); LIFECYCLE_TOPIC overrides it. */
export const LIFECYCLE_TOPIC = 'sandbox.lifecycle';

/** The CloudEvents type of the announcement. */
export const SERVICE_STARTED_TYPE = 'org.dpi.sandbox.service.started.v1';

/** The payload of org.dpi.sandbox.service.started.v1. */
export interface ServiceStarted {
  service: string;
  version: string;
  instanceId: string;
  startedAt: string;
}
