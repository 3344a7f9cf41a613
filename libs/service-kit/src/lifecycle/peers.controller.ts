import { Controller, Get, Inject } from '@nestjs/common';

import { SERVICE_CONTEXT, type ServiceContext } from '../bootstrap/service-context';
import { PeerRegistry, type Peer } from './peer-registry';

/** The other service instances this one has seen announce themselves on Kafka. */
@Controller('sandbox')
export class PeersController {
  constructor(
    private readonly peers: PeerRegistry,
    @Inject(SERVICE_CONTEXT) private readonly context: ServiceContext,
  ) {}

  @Get('peers')
  list(): Peer[] {
    return this.peers.list(this.context.instanceId);
  }
}
