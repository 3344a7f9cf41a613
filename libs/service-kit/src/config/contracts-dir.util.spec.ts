import { join, resolve } from 'node:path';

import { resolveContractsDir } from './contracts-dir.util';

describe('resolveContractsDir', () => {
  it('uses CONTRACTS_DIR when it is given, made absolute', () => {
    expect(resolveContractsDir('some/contracts', '/')).toBe(resolve('some/contracts'));
  });

  it("finds the repository's contracts folder walking up from a nested folder", () => {
    const dir = resolveContractsDir(undefined, __dirname);
    expect(dir).toBe(join(__dirname, '..', '..', '..', '..', 'contracts'));
  });

  it('says to set CONTRACTS_DIR when no contracts folder is above the start', () => {
    expect(() => resolveContractsDir(undefined, '/')).toThrow('set CONTRACTS_DIR');
  });
});
