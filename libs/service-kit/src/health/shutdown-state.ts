import { Injectable } from '@nestjs/common';

/** Whether the service has begun shutting down; readiness answers 503 from that moment on. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  /** Marks the start of shutdown; irreversible. */
  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
