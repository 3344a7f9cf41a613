import type { Consumer } from 'kafkajs';

/** A consumer's state as readiness reports it. */
export interface ConsumerStatus {
  /** True only while the consumer is a member of its group (joined since its last crash, rebalance or stop). */
  running: boolean;
  error?: string;
  /** Messages behind the partition end, by `topic/partition`, as of the last batch (empty when not measured). */
  lag: Record<string, number>;
}

/** Anything whose consumer state /health/ready lists. */
export interface ConsumerStatusSource {
  status(): ConsumerStatus;
}

/**
 * Follows a kafkajs consumer's group membership from its instrumentation events. kafkajs restarts a
 * crashed consumer by itself (after a broker restart, say), but it is not consuming again until it has
 * rejoined its group: "connected" or "started" would report it ready too early, so only GROUP_JOIN
 * counts, and any crash, rebalance, disconnect or stop withdraws it.
 */
export class ConsumerMembership {
  private joined = false;
  private lastError: string | undefined;

  /** Starts following `consumer` (call before `connect()`). */
  attach(consumer: Consumer): void {
    const { events } = consumer;
    this.joined = false;
    consumer.on(events.GROUP_JOIN, () => {
      this.joined = true;
      this.lastError = undefined;
    });
    consumer.on(events.CRASH, (event) => {
      this.joined = false;
      const error = event.payload.error as unknown;
      const message = error instanceof Error ? error.message : String(error);
      this.lastError = event.payload.restart ? `${message} (restarting)` : message;
    });
    for (const name of [events.REBALANCING, events.DISCONNECT, events.STOP])
      consumer.on(name, () => {
        this.joined = false;
      });
  }

  /** Whether the consumer is in its group now, and the last crash since it was. */
  get state(): { joined: boolean; error?: string } {
    return { joined: this.joined, ...(this.lastError ? { error: this.lastError } : {}) };
  }

  /**
   * The readiness status of an owner's consumer: running only while it exists, is not stopped and is in
   * its group; the last crash (or, before any, the owner's start error) as the error. No lag measured.
   */
  status(owner: { stopped: boolean; started: boolean; startError?: string }): ConsumerStatus {
    const reason = this.lastError ?? owner.startError;
    return {
      running: !owner.stopped && owner.started && this.joined,
      ...(reason ? { error: reason } : {}),
      lag: {},
    };
  }
}
