import { PeerRegistry } from './peer-registry';

const started = (service: string, instanceId: string, startedAt = '2026-11-22T10:00:00.000Z') => ({
  service,
  instanceId,
  version: '0.1.0',
  startedAt,
});

describe('PeerRegistry', () => {
  it('lists each instance once with when it was last seen', () => {
    const registry = new PeerRegistry();
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:00:01Z'));
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:05:00Z'));
    expect(registry.list()).toEqual([
      {
        service: 'payment-switch',
        instanceId: 'a',
        version: '0.1.0',
        startedAt: '2026-11-22T10:00:00.000Z',
        lastSeenAt: '2026-11-22T10:05:00.000Z',
      },
    ]);
  });

  it('keeps the newer sighting when an older record arrives late', () => {
    const registry = new PeerRegistry();
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:05:00Z'));
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:00:00Z'));
    expect(registry.list()[0]?.lastSeenAt).toBe('2026-11-22T10:05:00.000Z');
  });

  it('leaves out the calling instance and sorts the most recently seen first', () => {
    const registry = new PeerRegistry();
    registry.record(started('identity-registry', 'self'), new Date('2026-11-22T10:09:00Z'));
    registry.record(started('payment-switch', 'p'), new Date('2026-11-22T10:01:00Z'));
    registry.record(started('data-exchange-gateway', 'd'), new Date('2026-11-22T10:02:00Z'));
    expect(registry.list('self').map((peer) => peer.instanceId)).toEqual(['d', 'p']);
  });
});
