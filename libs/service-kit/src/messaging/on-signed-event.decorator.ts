import { EventPattern } from '@nestjs/microservices';

/**
 * Marks a controller method as the handler of one signed event type (its CloudEvents `ce_type`), e.g.
 * `@OnSignedEvent('org.dpi.identity.did.updated.v1') on(@Payload() data: DidVersionEvent, @Ctx() ctx: SignedEventContext)`.
 * The method runs only for events that verified, inside the inbox transaction (`ctx.getManager()`).
 */
export function OnSignedEvent(type: string): MethodDecorator {
  // The plain overload: Nest 12's typed one would force the handler's extra parameters to `unknown`.
  return EventPattern<string>(type);
}
