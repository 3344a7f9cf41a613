import { PeerRegistry } from './peer-registry';
import { PEER_EXPIRES_AFTER_MS } from './service-started.event';

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
    expect(registry.list(undefined, new Date('2026-11-22T10:05:01Z'))).toEqual([
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
    expect(registry.list(undefined, new Date('2026-11-22T10:05:01Z'))[0]?.lastSeenAt).toBe(
      '2026-11-22T10:05:00.000Z',
    );
  });

  it('leaves out the calling instance and sorts the most recently seen first', () => {
    const registry = new PeerRegistry();
    registry.record(started('identity-registry', 'self'), new Date('2026-11-22T10:09:00Z'));
    registry.record(started('payment-switch', 'p'), new Date('2026-11-22T10:01:00Z'));
    registry.record(started('data-exchange-gateway', 'd'), new Date('2026-11-22T10:02:00Z'));
    expect(registry.list('self', new Date('2026-11-22T10:02:30Z')).map((peer) => peer.instanceId)).toEqual([
      'd',
      'p',
    ]);
  });

  it('stops listing an instance not heard from for the expiry (killed, not stopped), and lists it again when it is', () => {
    const registry = new PeerRegistry();
    const seen = new Date('2026-11-22T10:00:00Z');
    registry.record(started('payment-switch', 'a'), seen);
    const justBefore = new Date(seen.getTime() + PEER_EXPIRES_AFTER_MS - 1);
    expect(registry.list(undefined, justBefore).map((peer) => peer.instanceId)).toEqual(['a']);
    const after = new Date(seen.getTime() + PEER_EXPIRES_AFTER_MS + 1);
    expect(registry.list(undefined, after)).toEqual([]);
    registry.record(started('payment-switch', 'a'), after);
    expect(registry.list(undefined, after).map((peer) => peer.instanceId)).toEqual(['a']);
  });

  it('forgets an instance that announced it stopped, and ignores its older announcements read afterwards', () => {
    const registry = new PeerRegistry();
    const now = new Date('2026-11-22T10:01:30Z');
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:00:00Z'));
    registry.record(started('payment-switch', 'b'), new Date('2026-11-22T10:00:00Z'));
    registry.recordStopped('a', new Date('2026-11-22T10:01:00Z'));
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:00:30Z'));
    expect(registry.list(undefined, now).map((peer) => peer.instanceId)).toEqual(['b']);
  });

  it('lists an instance again when it announces after its stop (same instance id, restarted)', () => {
    const registry = new PeerRegistry();
    registry.recordStopped('a', new Date('2026-11-22T10:01:00Z'));
    registry.record(started('payment-switch', 'a'), new Date('2026-11-22T10:01:05Z'));
    expect(registry.list(undefined, new Date('2026-11-22T10:02:00Z')).map((peer) => peer.instanceId)).toEqual(
      ['a'],
    );
  });
});
