import type { ValidationError } from 'class-validator';

import { flattenValidationErrors, RequestValidationException } from './request-validation.exception';

const error = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => ({ property, constraints, children });

describe('flattenValidationErrors', () => {
  it('turns nested and array errors into field paths', () => {
    const errors = [
      error('amount', { isDecimal: 'amount must be a decimal string' }),
      error('payer', undefined, [error('id', { isNotEmpty: 'id should not be empty' })]),
      error('items', undefined, [
        error('0', undefined, [error('code', { isString: 'code must be a string' })]),
      ]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'amount', message: 'amount must be a decimal string' },
      { field: 'payer.id', message: 'id should not be empty' },
      { field: 'items[0].code', message: 'code must be a string' },
    ]);
  });

  it('reports a refused unknown field', () => {
    expect(
      flattenValidationErrors([
        error('isAdmin', { whitelistValidation: 'property isAdmin should not exist' }),
      ]),
    ).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);
  });
});

describe('RequestValidationException', () => {
  it('is a 400 VALIDATION_FAILED carrying the field errors', () => {
    const exception = new RequestValidationException([
      { field: 'amount', message: 'amount must be a decimal string' },
    ]);
    expect(exception.status).toBe(400);
    expect(exception.code).toBe('VALIDATION_FAILED');
    expect(exception.extensions).toEqual({
      errors: [{ field: 'amount', message: 'amount must be a decimal string' }],
    });
    expect(exception.message).toBe('The request has 1 invalid field; see errors for what each expects.');
  });
});
