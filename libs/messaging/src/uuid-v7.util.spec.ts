import { uuidV7 } from './uuid-v7.util';

describe('uuidV7', () => {
  it('lays out the RFC 9562 example timestamp, version 7 and variant bits', () => {
    // RFC 9562 appendix A.6: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
    const id = uuidV7(0x017f22e279b0, new Uint8Array(10).fill(0xff));
    expect(id).toBe('017f22e2-79b0-7fff-bfff-ffffffffffff');
  });

  it('sorts by time and differs within one millisecond', () => {
    const a = uuidV7(1000);
    const b = uuidV7(1000);
    const c = uuidV7(1001);
    expect(a).not.toBe(b);
    expect([c, a].sort()[0]).toBe(a);
  });
});
