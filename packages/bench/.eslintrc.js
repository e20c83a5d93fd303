// The bench is a plain private package without a backstage.role (its package.json stays as it
// is): linted as a node library, less three rules that do not fit a benchmark bundled with
// esbuild and run from the repository (build.js): its third-party imports resolve from the
// root workspace, it imports workspace sources by relative path on purpose, and it forks its
// workers from `__dirname` (dist/ next to src/), which no production build moves.
module.exports =
  require('@backstage/cli/config/eslint-factory').createConfigForRole(
    __dirname,
    'node-library',
    {
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        '@backstage/no-relative-monorepo-imports': 'off',
        'no-restricted-syntax': 'off',
      },
    },
  );
