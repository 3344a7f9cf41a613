import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Registry } from 'prom-client';

/** Injection token of the service's prom-client Registry. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Prometheus scrape endpoint. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
