import { Body, Controller, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import type { DidOperationType } from '@dpi/did';
import { ProblemExtensions } from '@dpi/service-kit';

import { PrivateKeyMaterialGuard } from './private-key-material.guard';
import { registrarProblemExtensions } from './registrar-problem.extender';
import { RegistrarService, type RegistrarRequest } from './registrar.service';

/**
 * The DIF Universal Registrar API: POST /1.0/create?method=dpi, /1.0/update, /1.0/deactivate. Bodies
 * reach the handlers checked against contracts/schemas/did-registrar-request.schema.json.
 */
@Controller('1.0')
@UseGuards(PrivateKeyMaterialGuard)
export class RegistrarController {
  constructor(private readonly registrar: RegistrarService) {}

  @Post('create')
  @ProblemExtensions(registrarProblemExtensions)
  create(
    @Query('method') method: string,
    @Body() body: RegistrarRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer('create', method, body, reply);
  }

  @Post('update')
  @ProblemExtensions(registrarProblemExtensions)
  update(@Body() body: RegistrarRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer('update', undefined, body, reply);
  }

  @Post('deactivate')
  @ProblemExtensions(registrarProblemExtensions)
  deactivate(@Body() body: RegistrarRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer('deactivate', undefined, body, reply);
  }

  private async answer(
    operation: DidOperationType,
    method: string | undefined,
    body: RegistrarRequest,
    reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const answer = await this.registrar.handle(operation, method, body);
    reply.status(answer.status);
    return answer.body;
  }
}
