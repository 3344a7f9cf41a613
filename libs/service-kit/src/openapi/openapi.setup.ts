import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { stringify } from 'yaml';

/** The media type of /openapi.yaml: the document holds non-ASCII text, so the charset is said. */
export const OPENAPI_YAML_CONTENT_TYPE = 'text/yaml; charset=utf-8';

/** Serves the contract at /openapi.json and /openapi.yaml and a Swagger UI at /docs. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: `${document.info.title} — API`,
  });
  // Serialised once; no YAML anchors, which some OpenAPI tools do not follow.
  const yaml = stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
  app
    .getHttpAdapter()
    .get('/openapi.yaml', (_request: unknown, reply: { type(t: string): { send(body: string): unknown } }) =>
      reply.type(OPENAPI_YAML_CONTENT_TYPE).send(yaml),
    );
}
