import { canTraverse } from './postgres-user.util';

describe('canTraverse', () => {
  const postgres = { uid: 101, gid: 104 };
  const tree: Record<string, { mode: number; uid: number; gid: number }> = {
    '/': { mode: 0o755, uid: 0, gid: 0 },
    '/root': { mode: 0o700, uid: 0, gid: 0 },
    '/root/repo': { mode: 0o755, uid: 0, gid: 0 },
    '/srv': { mode: 0o750, uid: 0, gid: 104 },
    '/tmp': { mode: 0o1777, uid: 0, gid: 0 },
  };
  const fs = {
    exists: (path: string) => path in tree,
    stat: (path: string) => tree[path] as { mode: number; uid: number; gid: number },
  };

  it('skips folders that do not exist yet', () => {
    expect(
      canTraverse('/root/repo/.sandbox/postgres', postgres, { ...fs, exists: (p) => p === '/' }),
    ).toBeUndefined();
  });

  it('finds the first folder that the user cannot enter', () => {
    expect(canTraverse('/root/repo/.sandbox/postgres', postgres, fs)).toBe('/root');
  });

  it('accepts folders open to others or to the user group', () => {
    expect(canTraverse('/tmp/x/postgres', postgres, fs)).toBeUndefined();
    expect(canTraverse('/srv/postgres', postgres, fs)).toBeUndefined();
  });
});
