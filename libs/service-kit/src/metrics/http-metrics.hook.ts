import type { FastifyInstance } from 'fastify';

import type { ServiceMetrics } from './metrics.registry';

// Unmatched URLs share one label value, so a scanner cannot blow up the label cardinality.
const UNMATCHED_ROUTE = '<unmatched>';

/** Records every response's duration under its route template (`/transfers/:id`, never the raw URL). */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: ServiceMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
