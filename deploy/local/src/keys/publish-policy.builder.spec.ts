import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findRepoRoot } from '../config/repo-root.util';
import { buildPublishPolicy } from './publish-policy.builder';

const contracts = join(findRepoRoot(__dirname), 'contracts', 'asyncapi');
const dids = {
  'identity-registry': 'did:key:zRegistry',
  'payment-switch': 'did:key:zSwitch',
  'data-exchange-gateway': 'did:key:zGateway',
};

describe('buildPublishPolicy', () => {
  it("lets only the contract's x-publishers publish each send operation's types on its topic", () => {
    const { rules } = buildPublishPolicy(contracts, dids);
    expect(rules).toContainEqual({
      source: 'did:key:zRegistry',
      topic: 'identity.dids',
      types: [
        'org.dpi.identity.did.created.v1',
        'org.dpi.identity.did.updated.v1',
        'org.dpi.identity.did.deactivated.v1',
      ],
    });
    expect(rules.filter((rule) => rule.topic === 'identity.dids').map((rule) => rule.source)).toEqual([
      'did:key:zRegistry',
    ]);
    expect(
      rules
        .filter((rule) => rule.topic === 'sandbox.lifecycle')
        .map((rule) => rule.source)
        .sort(),
    ).toEqual(Object.values(dids).sort());
  });

  it('gives a service without a DID no rule (deny by default)', () => {
    expect(buildPublishPolicy(contracts, {}).rules).toEqual([]);
  });

  it('refuses a send operation that names no publishers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    try {
      writeFileSync(
        join(dir, 'x.yaml'),
        'asyncapi: 3.0.0\nchannels: { c: { address: t } }\noperations: { o: { action: send, channel: { $ref: "#/channels/c" } } }\n',
      );
      expect(() => buildPublishPolicy(dir, dids)).toThrow('x.yaml: send operation o names no x-publishers');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
