import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';
import type { ElementModel } from './pacs-element.model';

/** What the parser does with an element the sandbox does not model: list it and go on, or refuse (FF01). */
export type UnmodelledElements = 'drop' | 'refuse';

/** A parsed ISO document: its message name (from the namespace), its JSON, and the elements left out. */
export interface ParsedDocument<T> {
  messageName: string;
  message: T;
  /** Paths of the elements (and attributes) the sandbox does not model, in document order. */
  dropped: string[];
}

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:';
// Control characters are not XML 1.0 characters (or, for CR and TAB, do not survive XML's line-end and
// attribute normalisation); a lone surrogate is not a character at all. The JSON Schemas refuse the same.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_TEXT = /[\u0000-\u001f\u007f\ufffe\uffff]|\p{Cs}/u;
// Only XML white space around a value is insignificant (not U+00A0 and friends, as String.trim thinks).
const XML_SPACE_AROUND = /^[ \t\r\n]+|[ \t\r\n]+$/g;
type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Every element as an array, so that a repeated element is seen rather than silently merged.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  alwaysCreateTextNode: true,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
});

const fail = (path: string, reason: string): Iso20022Error =>
  new Iso20022Error(IsoReasonCode.InvalidFileFormat, path, reason);

/** Renders `message` as `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:<messageName>">` with its root element. */
export function renderDocument(
  messageName: string,
  rootElement: string,
  model: ElementModel,
  message: unknown,
): string {
  const body = toXml(model, message, rootElement);
  const document = { Document: { '@_xmlns': `${NAMESPACE_PREFIX}${messageName}`, [rootElement]: body } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document) as string}`;
}

function toXml(model: ElementModel, value: unknown, path: string): unknown {
  if (model.kind === 'text') {
    if (typeof value !== 'string') throw fail(path, 'expected a string');
    if (FORBIDDEN_TEXT.test(value)) throw fail(path, 'control characters cannot be carried in XML');
    return value;
  }
  if (!isNode(value)) throw fail(path, 'expected an object');
  if (model.kind === 'amount') {
    const { Ccy, Amt } = value;
    if (typeof Ccy !== 'string' || typeof Amt !== 'string' || Object.keys(value).length !== 2)
      throw fail(path, 'an amount is { Ccy, Amt } with two strings');
    if (FORBIDDEN_TEXT.test(Ccy + Amt)) throw fail(path, 'control characters cannot be carried in XML');
    return { '@_Ccy': Ccy, '#text': Amt };
  }
  const known = new Set(model.children.map((child) => child.name));
  const unknown = Object.keys(value).find((key) => !known.has(key));
  if (unknown !== undefined) throw fail(`${path}/${unknown}`, 'not an element of this message');
  const out: XmlNode = {};
  for (const child of model.children) {
    const item = Object.hasOwn(value, child.name) ? value[child.name] : undefined;
    if (item === undefined) {
      if (!child.optional) throw fail(`${path}/${child.name}`, 'required element missing');
      continue;
    }
    out[child.name] = toXml(child.model, item, `${path}/${child.name}`);
  }
  if (model.choice && Object.keys(out).length !== 1)
    throw fail(path, 'exactly one of the choices is required');
  // An empty group would parse back as absent, so it is never rendered.
  if (Object.keys(out).length === 0) throw fail(path, 'an element group is never empty');
  return out;
}

/**
 * Parses an ISO XML document whose root is `Document`, or an envelope (such as Pix's) holding one
 * `Document` (the envelope's other content is unmodelled). The namespace must be one of `messageNames`.
 */
export function parseDocument<T>(
  xml: string,
  rootElement: string,
  messageNames: readonly string[],
  model: ElementModel,
  unmodelled: UnmodelledElements,
): ParsedDocument<T> {
  // No DTDs: entity expansion is an attack surface and no ISO 20022 message uses one.
  if (/<!DOCTYPE/i.test(xml)) throw fail('/', 'a DOCTYPE is not allowed');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) throw fail('/', `not well-formed XML: ${wellFormed.err.msg}`);
  const dropped: string[] = [];
  const drop = (path: string): void => {
    if (unmodelled === 'refuse') throw fail(path, 'element not modelled by the sandbox');
    dropped.push(path);
  };

  const top = parser.parse(xml) as XmlNode;
  const rootNames = Object.keys(top);
  if (rootNames.some((name) => name.includes(':'))) throw fail('/', 'namespace prefixes are not supported');
  let document = single(top, 'Document', '/Document');
  if (document === undefined) {
    const [envelopeName] = rootNames;
    const envelope = envelopeName === undefined ? undefined : single(top, envelopeName, `/${envelopeName}`);
    document = envelope === undefined ? undefined : single(envelope, 'Document', `/${envelopeName}/Document`);
    if (envelope === undefined || document === undefined) throw fail('/', 'no Document element');
    for (const key of Object.keys(envelope))
      if (key !== 'Document' && !key.startsWith('@_') && key !== '#text') drop(`/${envelopeName}/${key}`);
  }

  const namespace = typeof document['@_xmlns'] === 'string' ? document['@_xmlns'] : '';
  const messageName = namespace.startsWith(NAMESPACE_PREFIX) ? namespace.slice(NAMESPACE_PREFIX.length) : '';
  if (!messageNames.includes(messageName))
    throw fail('/Document/@xmlns', `namespace "${namespace}" is not one of ${messageNames.join(', ')}`);
  for (const key of Object.keys(document)) {
    // Namespace declarations and xsi: hints (schemaLocation) describe the document, not the payment.
    if (key.startsWith('@_')) {
      if (!/^@_(xmlns|xsi:)/.test(key)) drop(`/Document/@${key.slice(2)}`);
    } else if (key !== rootElement && key !== '#text') drop(`/Document/${key}`);
  }
  const root = single(document, rootElement, `/Document/${rootElement}`);
  if (root === undefined) throw fail(`/Document/${rootElement}`, 'required element missing');
  const message = fromXml(model, root, `/Document/${rootElement}`, drop);
  if (message === undefined) throw fail(`/Document/${rootElement}`, 'empty message');
  return { messageName, message: message as T, dropped };
}

function fromXml(model: ElementModel, node: XmlNode, path: string, drop: (path: string) => void): unknown {
  const text = typeof node['#text'] === 'string' ? node['#text'].replace(XML_SPACE_AROUND, '') : '';
  if (FORBIDDEN_TEXT.test(text)) throw fail(path, 'control characters are not allowed in a value');
  if (model.kind === 'text' || model.kind === 'amount') {
    const child = Object.keys(node).find((key) => key !== '#text' && !key.startsWith('@_'));
    if (child !== undefined) throw fail(`${path}/${child}`, 'a text element has no child elements');
    for (const key of Object.keys(node))
      if (key.startsWith('@_') && !(model.kind === 'amount' && key === '@_Ccy'))
        drop(`${path}/@${key.slice(2)}`);
    if (model.kind === 'text') return text;
    const ccy = node['@_Ccy'];
    if (typeof ccy !== 'string') throw fail(`${path}/@Ccy`, 'required attribute missing');
    return { Ccy: ccy, Amt: text };
  }
  if (text !== '') throw fail(path, 'a group element carries no text');
  const known = new Set(model.children.map((child) => child.name));
  for (const key of Object.keys(node)) {
    if (key === '#text') continue;
    if (key.startsWith('@_')) {
      if (!key.startsWith('@_xmlns')) drop(`${path}/@${key.slice(2)}`);
    } else if (!known.has(key)) drop(`${path}/${key}`);
  }
  const out: Record<string, unknown> = {};
  for (const child of model.children) {
    const childPath = `${path}/${child.name}`;
    const item = single(node, child.name, childPath);
    const value = item === undefined ? undefined : fromXml(child.model, item, childPath, drop);
    if (value !== undefined) out[child.name] = value;
  }
  // A group with no modelled content (e.g. RmtInf with only Strd) is absent: its parent decides
  // whether that is allowed. A group with some modelled content must have all its required children.
  if (Object.keys(out).length === 0) return undefined;
  const missing = model.children.find((child) => !child.optional && !Object.hasOwn(out, child.name));
  if (missing) throw fail(`${path}/${missing.name}`, 'required element missing');
  if (model.choice && Object.keys(out).length > 1) throw fail(path, 'only one of the choices may be present');
  return out;
}

/** The one occurrence of element `name` under `node`; FF01 when it occurs more than once. */
function single(node: XmlNode, name: string, path: string): XmlNode | undefined {
  if (!Object.hasOwn(node, name)) return undefined;
  const items = node[name];
  if (!Array.isArray(items) || items.length === 0) return undefined;
  if (items.length > 1) throw fail(path, `occurs ${items.length} times; the sandbox carries one`);
  const [item] = items as unknown[];
  return isNode(item) ? item : { '#text': String(item) };
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
