import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

import { MessagingRuntime } from './messaging-runtime';

/** Stops the outbox relay and consumers before TypeORM closes the database they write to. */
@Injectable()
export class MessagingShutdownHook implements BeforeApplicationShutdown {
  constructor(private readonly messaging: MessagingRuntime) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.messaging.stop();
  }
}
