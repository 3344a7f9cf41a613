import { Injectable } from '@nestjs/common';

import type { Clock } from '@dpi/did';

/** The service's clock: wall time plus an offset that tests and labs may move forward (job expiry). */
@Injectable()
export class SandboxClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
