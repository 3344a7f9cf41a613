import { PACS002_MODEL, PACS008_MODEL, type ElementModel } from './pacs-element.model';
import { reasonCodeForSchemaError } from './schema-error-reason.util';
import { readContract, schemaErrors } from './testing/iso-contracts.fixture';
import { aPacs008 } from './testing/pacs.fixture';

// The JSON Schemas are the contract; the element model drives the XML codec. They must name the same
// elements in the same (XSD) order, with the same required ones.

type Schema = Record<string, unknown>;

function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.slice('#/$defs/'.length);
  return (root.$defs as Record<string, Schema>)[name] as Schema;
}

/** The element tree of a JSON Schema: name (! when required) -> subtree, 'text' or 'amount'. */
function schemaTree(node: Schema, root: Schema): unknown {
  const schema = resolve(node, root);
  if (schema.type === 'string') return 'text';
  const properties = schema.properties as Record<string, Schema>;
  if (Object.keys(properties).join() === 'Ccy,Amt') return 'amount';
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, child]) => [
    required.has(name) ? `${name}!` : name,
    schemaTree(child, root),
  ]);
}

function modelTree(model: ElementModel): unknown {
  if (model.kind !== 'group') return model.kind;
  return model.children.map((child) => [
    child.optional ? child.name : `${child.name}!`,
    modelTree(child.model),
  ]);
}

describe('contracts/schemas/iso20022 and the element model', () => {
  it.each([
    ['pacs.008', PACS008_MODEL],
    ['pacs.002', PACS002_MODEL],
  ])('%s: same elements, order and required ones', (name, model) => {
    const schema = JSON.parse(readContract('schemas', 'iso20022', `${name}.schema.json`)) as Schema;
    expect(schemaTree(schema, schema)).toEqual(modelTree(model));
  });

  it('gives every string a maxLength', () => {
    const missing: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}/${i}`));
      else if (typeof value === 'object' && value !== null) {
        const node = value as Schema;
        if (node.type === 'string' && typeof node.maxLength !== 'number') missing.push(path);
        for (const [key, item] of Object.entries(node)) walk(item, `${path}/${key}`);
      }
    };
    for (const name of ['pacs.008', 'pacs.002'])
      walk(JSON.parse(readContract('schemas', 'iso20022', `${name}.schema.json`)), name);
    expect(missing).toEqual([]);
  });

  it.each([
    [
      'a number amount',
      (m: Schema) => ((m.CdtTrfTxInf as Schema).IntrBkSttlmAmt = { Ccy: 'BRL', Amt: 10 }),
      '/CdtTrfTxInf/IntrBkSttlmAmt/Amt',
    ],
    [
      'six decimals',
      (m: Schema) => ((m.CdtTrfTxInf as Schema).IntrBkSttlmAmt = { Ccy: 'BRL', Amt: '1.000001' }),
      '/CdtTrfTxInf/IntrBkSttlmAmt/Amt',
    ],
    [
      '19 digits',
      (m: Schema) => ((m.CdtTrfTxInf as Schema).IntrBkSttlmAmt = { Ccy: 'BRL', Amt: '12345678901234567.89' }),
      '/CdtTrfTxInf/IntrBkSttlmAmt/Amt',
    ],
    ['an unknown element', (m: Schema) => ((m.GrpHdr as Schema).BtchBookg = 'true'), '/GrpHdr'],
  ])('the pacs.008 schema refuses %s', (_name, change, path) => {
    const message = aPacs008() as unknown as Schema;
    change(message);
    expect(schemaErrors('pacs.008', message)[0]).toMatch(new RegExp(`^${path} `));
  });

  it('the pacs.008 schema accepts 18 digits with 5 decimals', () => {
    const message = aPacs008();
    message.CdtTrfTxInf.IntrBkSttlmAmt.Amt = '1234567890123.12345';
    expect(schemaErrors('pacs.008', message)).toEqual([]);
  });

  it('maps schema failures to ISO reason codes, precise where ISO has a code', () => {
    expect(reasonCodeForSchemaError('/CdtTrfTxInf/IntrBkSttlmAmt/Amt')).toBe('AM12');
    expect(reasonCodeForSchemaError('/CdtTrfTxInf/IntrBkSttlmAmt/Ccy')).toBe('AM03');
    expect(reasonCodeForSchemaError('/CdtTrfTxInf/PmtId/EndToEndId')).toBe('FF08');
    expect(reasonCodeForSchemaError('/GrpHdr/NbOfTxs')).toBe('AM18');
    expect(reasonCodeForSchemaError('/CdtTrfTxInf/Dbtr')).toBe('FF01');
  });
});
