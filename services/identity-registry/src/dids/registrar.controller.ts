import { Body, Controller, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import type { DidOperationType } from '@dpi/did';

import { RegistrarService } from './registrar.service';

/** The DIF Universal Registrar API: POST /1.0/create?method=dpi, /1.0/update, /1.0/deactivate. */
@Controller('1.0')
export class RegistrarController {
  constructor(private readonly registrar: RegistrarService) {}

  @Post('create')
  create(
    @Query('method') method: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer('create', method, body, reply);
  }

  @Post('update')
  update(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer('update', undefined, body, reply);
  }

  @Post('deactivate')
  deactivate(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer('deactivate', undefined, body, reply);
  }

  private async answer(
    operation: DidOperationType,
    method: string | undefined,
    body: unknown,
    reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const answer = await this.registrar.handle(operation, method, body);
    reply.status(answer.status);
    return answer.body;
  }
}
