import type { ProblemExtender } from '@dpi/service-kit';

// The request schema's limits: only an id and a DID the schema would accept are echoed back.
const JOB_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_DID_LENGTH = 256;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every error of the DIF Universal Registrar routes, whatever failed (an unparsable body, a media type,
 * the edge validation, a refused operation), carries the registrar's own members besides problem
 * details: the request's jobId (or null) and didState `failed` with the reason.
 */
export const registrarProblemExtensions: ProblemExtender = (problem, request) => {
  const body = isObject(request.body) ? request.body : {};
  const jobId = typeof body.jobId === 'string' && JOB_ID.test(body.jobId) ? body.jobId : null;
  const did = typeof body.did === 'string' && body.did.length <= MAX_DID_LENGTH ? body.did : undefined;
  return {
    jobId,
    didState: { state: 'failed', reason: problem.detail, ...(did ? { did } : {}) },
    didRegistrationMetadata: {},
    didDocumentMetadata: {},
  };
};
