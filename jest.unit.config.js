// Unit tier: *.spec.ts beside the code. No I/O, no infrastructure.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{services,libs,deploy,tests}/**/*.spec.ts'],
};
