// Test helpers for *.int-spec.ts and e2e tests, kept out of the production index so that a running
// service never loads them: `import { ... } from '@dpi/service-kit/testing'`.
export { OpenApiResponseValidator } from './openapi-response.validator';
export type { ContractResponse } from './openapi-response.validator';
export { describeServiceIntegration } from './service-integration.suite';
export { startServiceUnderTest } from './service-under-test';
export type { ServiceUnderTest } from './service-under-test';
