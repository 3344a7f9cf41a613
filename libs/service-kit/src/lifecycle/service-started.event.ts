import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';

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

/** The ce_source of a service until message signing gives each service a DID. */
export function serviceSource(service: string): string {
  return `urn:dpi:service:${service}`;
}

/** A CloudEvents binary-mode Kafka record announcing that `started.service` started, keyed by service name. */
export function buildServiceStartedMessage(
  started: ServiceStarted,
  now: Date = new Date(),
  eventId: string = randomUUID(),
): Message {
  return {
    key: started.service,
    value: JSON.stringify(started),
    headers: {
      ce_id: eventId,
      ce_source: serviceSource(started.service),
      ce_type: SERVICE_STARTED_TYPE,
      ce_specversion: '1.0',
      ce_time: now.toISOString(),
      'content-type': 'application/json',
    },
  };
}
