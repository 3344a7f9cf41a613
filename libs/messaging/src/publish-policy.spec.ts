import { PublishPolicy } from './publish-policy';

const PSP = 'did:dpi:psp:0001';

describe('PublishPolicy', () => {
  const policy = new PublishPolicy([
    { source: PSP, topic: 'payments.transfers', types: ['org.dpi.payments.transfer.requested.v1'] },
    { source: 'did:key:*', topic: 'sandbox.*', types: ['org.dpi.sandbox.*'] },
  ]);

  it('allows exactly what a rule names', () => {
    expect(policy.allows(PSP, 'payments.transfers', 'org.dpi.payments.transfer.requested.v1')).toBe(true);
  });

  it('denies another type, topic or source (deny by default)', () => {
    expect(policy.allows(PSP, 'payments.transfers', 'org.dpi.payments.transfer.committed.v1')).toBe(false);
    expect(policy.allows(PSP, 'payments.settlement', 'org.dpi.payments.transfer.requested.v1')).toBe(false);
    expect(
      policy.allows('did:dpi:psp:0002', 'payments.transfers', 'org.dpi.payments.transfer.requested.v1'),
    ).toBe(false);
    expect(
      new PublishPolicy([]).allows(PSP, 'payments.transfers', 'org.dpi.payments.transfer.requested.v1'),
    ).toBe(false);
  });

  it('matches * as any run of characters and treats dots literally', () => {
    expect(policy.allows('did:key:z6Mkabc', 'sandbox.lifecycle', 'org.dpi.sandbox.service.started.v1')).toBe(
      true,
    );
    expect(policy.allows('did:key:z6Mkabc', 'sandboxXlifecycle', 'org.dpi.sandbox.service.started.v1')).toBe(
      false,
    );
    expect(policy.allows('did:web:x', 'sandbox.lifecycle', 'org.dpi.sandbox.service.started.v1')).toBe(false);
  });

  it('validates configuration and names the offending field', () => {
    expect(
      PublishPolicy.fromConfig({ rules: [{ source: PSP, topic: 't', types: ['a'] }] }).allows(PSP, 't', 'a'),
    ).toBe(true);
    expect(() => PublishPolicy.fromConfig({ rules: [{ source: PSP, topic: 't', types: [] }] })).toThrow(
      /rules\.0\.types/,
    );
    expect(() => PublishPolicy.fromConfig({})).toThrow(/invalid publish policy at rules/);
  });
});
