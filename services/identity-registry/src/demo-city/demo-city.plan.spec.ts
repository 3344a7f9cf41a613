import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileContractSchema } from '../dids/did-document.validator';
import { credentialRequest, DEMO_CITY } from './demo-city.plan';

const schema = JSON.parse(
  readFileSync(join(__dirname, '../../../../contracts/schemas/credential-issue-request.schema.json'), 'utf8'),
) as object;

describe('the demo city plan', () => {
  it('has a city, a central bank, two PSPs, two agencies and 3-5 residents, issuers first', () => {
    const roles = DEMO_CITY.map((actor) => actor.role);
    expect(roles.filter((role) => role === 'city')).toHaveLength(1);
    expect(roles.filter((role) => role === 'central-bank')).toHaveLength(1);
    expect(roles.filter((role) => role === 'psp')).toHaveLength(2);
    expect(roles.filter((role) => role === 'agency')).toHaveLength(2);
    const residents = roles.filter((role) => role === 'resident').length;
    expect(residents >= 3 && residents <= 5).toBe(true);
    expect(roles.slice(0, 2)).toEqual(['city', 'central-bank']);
    expect(new Set(DEMO_CITY.map((actor) => actor.name)).size).toBe(DEMO_CITY.length);
  });

  it('has PSPs licensed by the central bank, everything else by the city (the city by the registry)', () => {
    for (const actor of DEMO_CITY)
      expect([actor.role, actor.issuedBy]).toEqual([
        actor.role,
        actor.role === 'psp' ? 'central-bank' : actor.role === 'city' ? 'registry-issuer' : 'city',
      ]);
  });

  it('asks for credentials the issue-request contract accepts; residents carry a district code only', () => {
    const validate = compileContractSchema(schema);
    for (const actor of DEMO_CITY) {
      const request = credentialRequest(
        actor,
        'did:dpi:LeeSNtAvGgEYGxjDCvrdVB',
        'did:dpi:QTkAD4spRzkpxBtMw8Zc7L',
      );
      expect({ actor: actor.name, valid: validate(request), errors: validate.errors ?? null }).toEqual({
        actor: actor.name,
        valid: true,
        errors: null,
      });
      if (actor.role === 'resident')
        expect(Object.keys(request.credentialSubject as object).sort()).toEqual(['districtCode', 'id']);
    }
  });
});
