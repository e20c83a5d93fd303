/* eslint-disable */
// Bundles the benchmark's TypeScript (and the workspace sources it imports) into plain
// CommonJS under dist/, with esbuild (already installed as a dependency of @backstage/cli).
// Third-party packages stay external, resolved from the file that imports them, so nested
// node_modules (e.g. plugins/s3-backend/node_modules) keep working.
const esbuild = require('esbuild');
const path = require('node:path');

const WORKSPACE = /^@(s3-posture|internal)\//;

/** @type {import('esbuild').Plugin} */
const externalizeDependencies = {
  name: 'externalize-dependencies',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, args => {
      if (args.kind === 'entry-point') return undefined;
      if (WORKSPACE.test(args.path) && !args.path.endsWith('/package.json')) {
        return undefined;
      }
      if (args.path.startsWith('node:'))
        return { path: args.path, external: true };
      try {
        const resolved = require.resolve(args.path, {
          paths: [args.resolveDir],
        });
        // Node built-ins resolve to themselves.
        return { path: resolved, external: true };
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

const started = Date.now();
esbuild
  .build({
    entryPoints: [
      'run',
      'assessWorker',
      'simulatorWorker',
      'servingBackend',
      'peerWorker',
      'sdkFloorWorker',
    ].map(name => path.join(__dirname, 'src', `${name}.ts`)),
    outdir: path.join(__dirname, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [externalizeDependencies],
  })
  .then(() => {
    if (process.env.BENCH_VERBOSE) {
      console.error(`bench: built in ${Date.now() - started} ms`);
    }
  })
  .catch(() => process.exit(1));
