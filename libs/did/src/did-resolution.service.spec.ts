import type { DIDResolutionResult, DIDResolver } from 'did-resolver';
import type { Clock } from './clock';
import { DidResolutionService } from './did-resolution.service';

class FakeClock implements Clock {
  constructor(public ms = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

const DID = 'did:fake:alice';

function found(id = DID): DIDResolutionResult {
  return { didResolutionMetadata: {}, didDocument: { id }, didDocumentMetadata: {} };
}

/** A driver that answers with whatever the test queues, counting calls. */
function fakeDriver(answers: Array<DIDResolutionResult | Error>) {
  const state = { calls: 0 };
  const driver: DIDResolver = async () => {
    state.calls++;
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer instanceof Error) throw answer;
    return answer as DIDResolutionResult;
  };
  return { driver, state };
}

function service(driver: DIDResolver, clock: FakeClock, ttlMs = 1000, notFoundTtlMs = 100) {
  return new DidResolutionService({ drivers: { fake: driver }, web: false, ttlMs, notFoundTtlMs, clock });
}

describe('DidResolutionService', () => {
  it('reuses a found document until its TTL passes, then asks the driver again', async () => {
    const clock = new FakeClock();
    const { driver, state } = fakeDriver([found()]);
    const resolution = service(driver, clock);
    const first = await resolution.resolve(DID);
    expect(first.status).toBe('found');
    clock.advance(999);
    expect(await resolution.resolve(DID)).toBe(first);
    expect(state.calls).toBe(1);
    clock.advance(1);
    await resolution.resolve(DID);
    expect(state.calls).toBe(2);
  });

  it('ignores the DID URL fragment when caching', async () => {
    const { driver, state } = fakeDriver([found()]);
    const resolution = service(driver, new FakeClock());
    await resolution.resolve(`${DID}#key-1`);
    await resolution.resolve(DID);
    expect(state.calls).toBe(1);
  });

  it('invalidate(did) makes the next resolution ask the driver', async () => {
    const { driver, state } = fakeDriver([found()]);
    const resolution = service(driver, new FakeClock());
    await resolution.resolve(DID);
    resolution.invalidate(DID);
    await resolution.resolve(DID);
    expect(state.calls).toBe(2);
  });

  it('does not cache an answer whose resolution started before an invalidation', async () => {
    let release: (r: DIDResolutionResult) => void = () => undefined;
    let calls = 0;
    const driver: DIDResolver = () => {
      calls++;
      return calls === 1 ? new Promise((r) => (release = r)) : Promise.resolve(found());
    };
    const resolution = service(driver, new FakeClock());
    const stale = resolution.resolve(DID);
    resolution.invalidate(DID);
    release(found());
    await stale;
    await resolution.resolve(DID);
    expect(calls).toBe(2);
  });

  it('never caches a thrown (transient) driver error', async () => {
    const { driver, state } = fakeDriver([new Error('timeout'), found()]);
    const resolution = service(driver, new FakeClock());
    const failed = await resolution.resolve(DID);
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'internalError',
      transient: true,
      message: 'timeout',
    });
    expect((await resolution.resolve(DID)).status).toBe('found');
    expect(state.calls).toBe(2);
  });

  it('reuses a transient failure for transientTtlMs when asked to, sparing a failing host', async () => {
    const clock = new FakeClock();
    const { driver, state } = fakeDriver([new Error('timeout'), found()]);
    const resolution = new DidResolutionService({
      drivers: { fake: driver },
      web: false,
      transientTtlMs: 50,
      clock,
    });
    expect(await resolution.resolve(DID)).toMatchObject({ status: 'failed', transient: true });
    clock.advance(49);
    expect(await resolution.resolve(DID)).toMatchObject({ status: 'failed', transient: true });
    expect(state.calls).toBe(1);
    clock.advance(1);
    expect((await resolution.resolve(DID)).status).toBe('found');
    expect(state.calls).toBe(2);
  });

  it('never caches an internalError (or unknown error) answer', async () => {
    const internal: DIDResolutionResult = {
      didResolutionMetadata: { error: 'internalError' },
      didDocument: null,
      didDocumentMetadata: {},
    };
    const { driver, state } = fakeDriver([internal, found()]);
    const resolution = service(driver, new FakeClock());
    expect(await resolution.resolve(DID)).toMatchObject({ status: 'failed', transient: true });
    expect((await resolution.resolve(DID)).status).toBe('found');
    expect(state.calls).toBe(2);
  });

  it('caches notFound as permanent for the shorter notFound TTL only', async () => {
    const clock = new FakeClock();
    const notFound: DIDResolutionResult = {
      didResolutionMetadata: { error: 'NOT_FOUND' },
      didDocument: null,
      didDocumentMetadata: {},
    };
    const { driver, state } = fakeDriver([notFound, found()]);
    const resolution = service(driver, clock);
    expect(await resolution.resolve(DID)).toMatchObject({
      status: 'failed',
      error: 'notFound',
      transient: false,
    });
    clock.advance(99);
    await resolution.resolve(DID);
    expect(state.calls).toBe(1);
    clock.advance(1);
    expect((await resolution.resolve(DID)).status).toBe('found');
  });

  it('reports a deactivated DID from its document metadata and caches it', async () => {
    const deactivated: DIDResolutionResult = {
      didResolutionMetadata: {},
      didDocument: null,
      didDocumentMetadata: { deactivated: true },
    };
    const { driver, state } = fakeDriver([deactivated]);
    const resolution = service(driver, new FakeClock());
    expect((await resolution.resolve(DID)).status).toBe('deactivated');
    await resolution.resolve(DID);
    expect(state.calls).toBe(1);
  });

  it("maps did-resolver's unsupportedDidMethod to a permanent methodNotSupported", async () => {
    const resolution = new DidResolutionService({ web: false, clock: new FakeClock() });
    expect(await resolution.resolve('did:nope:x')).toMatchObject({
      status: 'failed',
      error: 'methodNotSupported',
      transient: false,
    });
  });

  it('shares one driver call between concurrent resolutions of the same DID', async () => {
    const { driver, state } = fakeDriver([found()]);
    const resolution = service(driver, new FakeClock());
    const outcomes = await Promise.all([
      resolution.resolve(DID),
      resolution.resolve(DID),
      resolution.resolve(DID),
    ]);
    expect(state.calls).toBe(1);
    expect(outcomes[0]).toBe(outcomes[2]);
  });

  it('evicts the oldest entry beyond maxEntries', async () => {
    const driver: DIDResolver = async (did) => found(did);
    const resolution = new DidResolutionService({
      drivers: { fake: driver },
      web: false,
      maxEntries: 2,
      clock: new FakeClock(),
    });
    await resolution.resolve('did:fake:a');
    await resolution.resolve('did:fake:b');
    await resolution.resolve('did:fake:c');
    expect(resolution.size).toBe(2);
  });

  it('rejects a document whose id is not the resolved DID', async () => {
    const { driver } = fakeDriver([found('did:fake:mallory')]);
    expect(await service(driver, new FakeClock()).resolve(DID)).toMatchObject({
      status: 'failed',
      error: 'invalidDidDocument',
      transient: false,
    });
  });
});
