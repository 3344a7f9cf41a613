import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventContext, VerifiedEvent } from '@dpi/messaging';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: the verified envelope, and the transaction that also
 * records the event in the inbox. Write the handler's effect through `getManager()`, so the effect and
 * the inbox entry commit together and a redelivered event never applies twice.
 */
export class SignedEventContext extends BaseRpcContext<[VerifiedEvent, EventContext]> {
  /** The verified event: id, source DID, type, subject, time, signing key, data. */
  getEvent(): VerifiedEvent {
    return this.args[0];
  }

  /** The inbox transaction's EntityManager. */
  getManager(): EntityManager {
    return this.args[1].manager;
  }

  /** Where the record came from. */
  getOrigin(): { topic: string; partition: number; offset: string } {
    const { topic, partition, offset } = this.args[1];
    return { topic, partition, offset };
  }
}
