import { Injectable } from '@nestjs/common';

/** The switch's clock: wall time plus an offset that tests and labs may move (expiries, daily limits). */
@Injectable()
export class SandboxClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
