import { Injectable } from '@nestjs/common';

import { PEER_EXPIRES_AFTER_MS, type ServiceStarted } from './service-started.event';

/** A service instance seen on the lifecycle topic. */
export interface Peer {
  service: string;
  instanceId: string;
  version: string;
  startedAt: string;
  lastSeenAt: string;
}

/**
 * The service instances heard on the lifecycle topic, one entry per instance id. An instance repeats its
 * announcement while it runs, so one not heard from for `expiresAfterMs` is gone (killed, or its host
 * lost), and one that announced it stopped is gone at once.
 */
@Injectable()
export class PeerRegistry {
  private readonly peers = new Map<string, Peer>();
  /** When each stopped instance said so: an announcement older than that (redelivered, re-read) is stale. */
  private readonly stoppedAt = new Map<string, string>();

  /** Records an announcement seen at `seenAt` (the Kafka record's time); an older one never replaces a newer. */
  record(started: ServiceStarted, seenAt: Date): void {
    const previous = this.peers.get(started.instanceId);
    const lastSeenAt = seenAt.toISOString();
    if (previous && previous.lastSeenAt > lastSeenAt) return;
    const stopped = this.stoppedAt.get(started.instanceId);
    if (stopped !== undefined && stopped >= lastSeenAt) return;
    this.peers.set(started.instanceId, {
      service: started.service,
      instanceId: started.instanceId,
      version: started.version,
      startedAt: started.startedAt,
      lastSeenAt,
    });
  }

  /** Forgets an instance that announced at `seenAt` that it stopped. */
  recordStopped(instanceId: string, seenAt: Date): void {
    const at = seenAt.toISOString();
    const previous = this.stoppedAt.get(instanceId);
    if (previous === undefined || previous < at) this.stoppedAt.set(instanceId, at);
    const peer = this.peers.get(instanceId);
    if (peer && peer.lastSeenAt <= at) this.peers.delete(instanceId);
  }

  /** Every instance heard from within PEER_EXPIRES_AFTER_MS of `now`, except `selfInstanceId`, most recently seen first. */
  list(selfInstanceId?: string, now: Date = new Date()): Peer[] {
    const oldest = new Date(now.getTime() - PEER_EXPIRES_AFTER_MS).toISOString();
    // Expired entries go for good (a later announcement brings one back), so the maps stay small.
    for (const [id, peer] of this.peers) if (peer.lastSeenAt < oldest) this.peers.delete(id);
    for (const [id, at] of this.stoppedAt) if (at < oldest) this.stoppedAt.delete(id);
    return [...this.peers.values()]
      .filter((peer) => peer.instanceId !== selfInstanceId)
      .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.service.localeCompare(b.service));
  }
}
