import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { ReadinessService, type ReadinessReport } from './readiness.service';

/** Liveness and readiness probes. */
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** 200 when PostgreSQL and Kafka answer, otherwise 503 with what failed (a report, not an error). */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.report();
    reply.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
