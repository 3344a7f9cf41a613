import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { VC_JWT_MEDIA_TYPE } from '@dpi/credentials';

import { ifNoneMatchHits } from '../dids/resolution.representation';
import { STATUS_LIST_TTL_MS, StatusListCredentialService } from './status-list-credential.service';

/** GET /1.0/credentials/status/{listId}: a BitstringStatusListCredential as vc+jwt, cacheable for its ttl. */
@Controller('1.0/credentials/status')
export class StatusListController {
  constructor(private readonly lists: StatusListCredentialService) {}

  @Get(':listId')
  async get(
    @Param('listId') listId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = await this.lists.get(listId);
    reply
      .header('cache-control', `public, max-age=${STATUS_LIST_TTL_MS / 1000}`)
      .header('etag', list.etag)
      .header('last-modified', list.lastModified.toUTCString());
    if (ifNoneMatchHits(request.headers['if-none-match'], list.etag)) {
      reply.status(304).send();
      return;
    }
    reply.status(200).header('content-type', VC_JWT_MEDIA_TYPE).send(list.jws);
  }
}
