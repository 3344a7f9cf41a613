import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './contract-files.util';

// `nx affected -t test` must run a project's integration tests too, and a project whose tests vanish
// must fail rather than pass with none (no --passWithNoTests).

interface ProjectJson {
  name: string;
  targets?: { test?: { command?: string } };
}

const projectFiles = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*project.json'],
  {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((path) => path.endsWith('/project.json'));

const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
const testFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: REPO_ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((path) => TEST_FILE.test(path));

const rootConfigText = readFileSync(join(REPO_ROOT, 'jest.config.js'), 'utf8');

describe('every Nx project tests both tiers and fails on no tests', () => {
  it('finds the projects', () => {
    expect(projectFiles.length).toBeGreaterThanOrEqual(8);
  });

  it('the root Jest config runs the unit and the integration tier', () => {
    expect(rootConfigText).toContain(
      "projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.integration.config.js']",
    );
  });

  it.each(projectFiles)(
    '%s: its test target runs every tier of its folder, without --passWithNoTests',
    (file) => {
      const project = JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as ProjectJson;
      const projectFolder = file.slice(0, -'/project.json'.length);
      const command = project.targets?.test?.command ?? '';
      expect(command).not.toContain('passWithNoTests');
      // The contracts' checks live in tests/contracts and are unit tests only.
      const [config, folder] =
        projectFolder === 'contracts'
          ? ['jest.unit.config.js', 'tests/contracts']
          : ['jest.config.js', projectFolder];
      expect(command).toMatch(new RegExp(`-c ${config} ${folder}"?$`));
      expect(testFiles.filter((path) => path.startsWith(`${folder}/`)).length).toBeGreaterThan(0);
    },
  );
});
