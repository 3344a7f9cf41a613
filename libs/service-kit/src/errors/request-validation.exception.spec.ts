import { ProblemMap } from './problem-map';
import { REQUEST_PROBLEMS, RequestValidationException } from './request-validation.exception';

describe('RequestValidationException', () => {
  it('is a 400 VALIDATION_FAILED carrying the field errors', () => {
    const exception = new RequestValidationException([
      { field: 'amount', message: 'amount must be a decimal string' },
    ]);
    expect(new ProblemMap(REQUEST_PROBLEMS).definitionOf(exception)?.status).toBe(400);
    expect(exception.code).toBe('VALIDATION_FAILED');
    expect(exception.extensions).toEqual({
      errors: [{ field: 'amount', message: 'amount must be a decimal string' }],
    });
    expect(exception.message).toBe('The request has 1 invalid field; see errors for what each expects.');
  });
});
