import { parseCacheControl } from './cache-control.util';

describe('parseCacheControl', () => {
  it('reads max-age, no-store and no-cache, case-insensitively, and ignores the rest', () => {
    expect(parseCacheControl('public, max-age=60')).toEqual({
      maxAgeSeconds: 60,
      noStore: false,
      noCache: false,
    });
    expect(parseCacheControl('No-Store, MAX-AGE="5"')).toEqual({
      maxAgeSeconds: 5,
      noStore: true,
      noCache: false,
    });
    expect(parseCacheControl('no-cache, s-maxage=99')).toEqual({
      maxAgeSeconds: undefined,
      noStore: false,
      noCache: true,
    });
  });

  it('treats a missing header or a malformed max-age as no max-age', () => {
    expect(parseCacheControl(undefined).maxAgeSeconds).toBeUndefined();
    expect(parseCacheControl('max-age=-1').maxAgeSeconds).toBeUndefined();
    expect(parseCacheControl('max-age=1e3').maxAgeSeconds).toBeUndefined();
  });
});
