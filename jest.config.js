// NestJS 12 and a few of its dependencies ship ESM only; Jest's module system
// cannot load them as they are, so @swc/jest turns them into CommonJS too.
const esmOnly = [
  '@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer',
  '@borewit', 'get-east-asian-width', 'cross-env', '@epic-web', 'nestjs-pino',
  // openid-client v6 and what it stands on (ESM only).
  'openid-client', 'oauth4webapi', 'jose',
];
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
}];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  // Three tiers, by file suffix: *.spec.ts (pure code, no database), *.medium-spec.ts (services wired by Nest on a
  // real database cloned from the migrated template, no HTTP: test/support/medium.ts), *.e2e-spec.ts (the whole app).
  testMatch: ['**/*.spec.ts', '**/*.medium-spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 60000,
  maxWorkers: 2,
};
