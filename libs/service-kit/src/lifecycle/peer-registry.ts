import { Injectable } from '@nestjs/common';

import type { ServiceStarted } from './service-started.event';

/** A service instance seen on the lifecycle topic. */
export interface Peer {
  service: string;
  instanceId: string;
  version: string;
  startedAt: string;
  lastSeenAt: string;
}

/** The service instances seen on the lifecycle topic, one entry per instance id. */
@Injectable()
export class PeerRegistry {
  private readonly peers = new Map<string, Peer>();

  /** Records an announcement seen at `seenAt` (the Kafka record's time); an older one never replaces a newer. */
  record(started: ServiceStarted, seenAt: Date): void {
    const previous = this.peers.get(started.instanceId);
    const lastSeenAt = seenAt.toISOString();
    if (previous && previous.lastSeenAt > lastSeenAt) return;
    this.peers.set(started.instanceId, {
      service: started.service,
      instanceId: started.instanceId,
      version: started.version,
      startedAt: started.startedAt,
      lastSeenAt,
    });
  }

  /** Every instance seen except `selfInstanceId`, most recently seen first. */
  list(selfInstanceId?: string): Peer[] {
    return [...this.peers.values()]
      .filter((peer) => peer.instanceId !== selfInstanceId)
      .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.service.localeCompare(b.service));
  }
}
