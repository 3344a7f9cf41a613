import { Iso20022Error } from './iso20022.error';
import { validatePacs002, validatePacs008 } from './pacs-business.validator';
import type { Pacs002, Pacs008 } from './pacs-message.types';
import {
  parsePacs002Xml,
  parsePacs008Xml,
  renderPacs002Xml,
  renderPacs008Xml,
  type Pacs008Version,
} from './pacs-xml.codec';
import { reasonCodeForSchemaError } from './schema-error-reason.util';
import { jsonSchema, listContracts, readContract, xsdErrors } from './testing/iso-contracts.fixture';

// Runs every vector of contracts/vectors/iso20022 through the processing order of the spec
// (contracts/specs/iso20022-messages.md section 7): XML parse, JSON Schema, business rules.

interface Vector {
  description: string;
  messageName: string;
  input: 'json' | 'xml';
  json?: unknown;
  xml?: string;
  xmlFile?: string;
  expected: { result: 'accepted' } | { result: 'refused'; stage: string; code: string; path: string };
}

type Outcome = Vector['expected'];

function process(vector: Vector): Outcome {
  const isPacs008 = vector.messageName.startsWith('pacs.008');
  let json = vector.json;
  if (vector.input === 'xml') {
    try {
      json = isPacs008
        ? parsePacs008Xml(vector.xml ?? '').message
        : parsePacs002Xml(vector.xml ?? '').message;
    } catch (error) {
      if (!(error instanceof Iso20022Error)) throw error;
      return { result: 'refused', stage: 'xml', code: error.code, path: error.path };
    }
  }
  const validate = jsonSchema(isPacs008 ? 'pacs.008' : 'pacs.002');
  if (!validate(json)) {
    const path = validate.errors?.[0]?.instancePath ?? '';
    return { result: 'refused', stage: 'schema', code: reasonCodeForSchemaError(path), path };
  }
  const issue = isPacs008 ? validatePacs008(json as Pacs008) : validatePacs002(json as Pacs002);
  return issue
    ? { result: 'refused', stage: 'business', code: issue.code, path: issue.path }
    : { result: 'accepted' };
}

const vectors = listContracts('vectors/iso20022', /\.json$/).map(
  (file) => [file, JSON.parse(readContract('vectors/iso20022', file)) as Vector] as const,
);

describe('contracts/vectors/iso20022', () => {
  it('has valid and invalid vectors of both messages', () => {
    const kinds = new Set(vectors.map(([, v]) => `${v.messageName.slice(0, 8)} ${v.expected.result}`));
    expect([...kinds].sort()).toEqual([
      'pacs.002 accepted',
      'pacs.002 refused',
      'pacs.008 accepted',
      'pacs.008 refused',
    ]);
  });

  it.each(vectors)('%s gives the expected outcome', (_file, vector) => {
    expect(process(vector)).toEqual(vector.expected);
  });

  it.each(vectors.filter(([, vector]) => vector.xmlFile !== undefined))(
    '%s: renders to its XML file, which the XSD accepts and which parses back to the JSON',
    async (_file, vector) => {
      const xml = readContract('vectors/iso20022', vector.xmlFile ?? '');
      const isPacs008 = vector.messageName.startsWith('pacs.008');
      const rendered = isPacs008
        ? renderPacs008Xml(vector.json as Pacs008, vector.messageName as Pacs008Version)
        : renderPacs002Xml(vector.json as Pacs002);
      expect(rendered).toBe(xml);
      expect(await xsdErrors(vector.messageName, xml)).toEqual([]);
      const parsed = isPacs008 ? parsePacs008Xml(xml) : parsePacs002Xml(xml);
      expect(parsed).toEqual({ messageName: vector.messageName, message: vector.json, dropped: [] });
    },
  );
});
