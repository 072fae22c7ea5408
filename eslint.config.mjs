import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKSPACE_ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * Raw SQL lives in the data layer (issue 16): libs/db store functions with typed rows and mappers. An app's
 * code calls those; `.query(` on anything (a DataSource, an EntityManager, a QueryRunner) is refused there.
 * `this.query()` is left alone (the admin app's signals of that name are no SQL). Specs are exempt, and so
 * are tests and harnesses (they live outside src/). Each app's eslint.config.mjs adds this with its own
 * `import.meta.url` and its temporary allowlist (paths relative to the app, e.g. `src/modules/x/x.ts`).
 *
 * Where the patterns are matched from depends on how ESLint was started: `nx run <app>:lint` lints from the
 * workspace root with the app's config given explicitly, so patterns are matched against `apps/<app>/src/…`;
 * `cd apps/<app> && npx eslint src` finds the config itself and matches against `src/…`. Every pattern is
 * given in both forms, so the rule holds either way (a lint that silently matched nothing let SQL through).
 */
export function rawSqlOnlyInDataLayer(configUrl, allowlist = []) {
  if (typeof configUrl !== 'string' || !configUrl.startsWith('file:'))
    throw new Error('rawSqlOnlyInDataLayer(import.meta.url, allowlist): the config file URL comes first');
  const project = relative(WORKSPACE_ROOT, dirname(fileURLToPath(configUrl)))
    .split('\\')
    .join('/');
  const both = (p) => [p, `${project}/${p}`];
  return {
    files: both('src/**/*.ts'),
    ignores: ['**/*.spec.ts', ...allowlist.flatMap(both)],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']:not([callee.object.type='ThisExpression'])",
          message:
            'Raw SQL belongs in the data layer: add a typed store function in libs/db/src/<area>/<area>.store.ts and call it (docs/architecture.md, issue 16).',
        },
      ],
    },
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.angular', '**/.nx', 'artifacts', 'bench', 'coverage'],
  },
  // Type-aware rules (issue 16, "Habits"): the bugs types can see — a promise nobody awaits or handles, a promise
  // where a callback's void was expected, `await` on a non-thenable, a stringified object, a throw of a non-Error,
  // an assertion the types already make. The project service finds each file's tsconfig itself: a project's
  // tsconfig.json references its tsconfigs, and the first one that includes a file is used, so where the spec
  // tsconfig includes every file (sources, specs, tests) it comes first and the project is one TypeScript program
  // instead of two (the lint's time is mostly building those). Lint results hence depend on the libraries' types:
  // the lint target's inputs in nx.json include ^production.
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: WORKSPACE_ROOT },
    },
    rules: {
      ...tseslint.configs.recommendedTypeCheckedOnly.at(-1).rules,
      // `any` is ours to avoid, but these flag every use of a value typed `any` (a supertest body, JSON.parse, an
      // untyped library): hundreds of hits, nearly all in tests, and none of the bugs above.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Angular's Validators.* and jest mocks are passed unbound by design; the rule cannot tell them apart.
      '@typescript-eslint/unbound-method': 'off',
      // An async function without await still returns a promise (fakes of async interfaces); dropping `async`
      // would turn its rejections into synchronous throws.
      '@typescript-eslint/require-await': 'off',
      // Its hits were all deliberate String(x) of foreign input typed unknown/{} (gateway replies, driver errors,
      // spreadsheet cells), none an object printed by mistake.
      '@typescript-eslint/no-base-to-string': 'off',
      // `${x}` of a `never` is the exhaustive-switch idiom (`unknown kind ${kind}`).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNever: true }],
      // `Known | string` keys are kept on purpose: they document the known values and keep editor completion.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          banTransitiveDependencies: true,
          depConstraints: [
            // A scope depends on itself and on scope:shared.
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'scope:admin', onlyDependOnLibsWithTags: ['scope:admin', 'scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'type:testing'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Layers: apps are leaves, nothing may import an app.
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:util',
                'type:contracts',
                'type:domain',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts', 'type:domain'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:testing'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util', 'type:domain', 'type:contracts'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: [
                '@nestjs/*',
                '@angular/*',
                'typeorm',
                'bullmq',
                'pg',
                'ioredis',
                'express',
                'rxjs',
              ],
            },
            {
              sourceTag: 'scope:admin',
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'bullmq', 'pg', 'ioredis'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
