import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

import { refusePrivateKeyMaterial } from './did-document.validator';

/**
 * Refuses a registrar request that carries private key material anywhere, before the contract is
 * checked: the caller must learn that the key has leaked (and make a new one), not that a field is unknown.
 */
@Injectable()
export class PrivateKeyMaterialGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    refusePrivateKeyMaterial(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    return true;
  }
}
