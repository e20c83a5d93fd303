#!/usr/bin/env node
/*
 * Run by each publishable package's `prepack`, before `backstage-cli package prepack`:
 * refuses to pack a package whose dist/ is missing or incomplete. Without it, `npm pack`
 * in an unbuilt package quietly produces a tarball holding only package.json.
 *
 * It checks, in the package directory (the working directory npm gives lifecycle
 * scripts), that dist/ holds the type declarations and a JavaScript bundle of every
 * entry point in package.json (`exports`, or just the index when there is none).
 * It runs before `backstage-cli package prepack` so that a refusal leaves package.json
 * untouched (prepack rewrites it, and postpack, which restores it, does not run when
 * prepack fails).
 *
 * Usage: node ../../scripts/check-pack-dist.js   (from a package directory)
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const SCRIPT_EXTS = ['.js', '.jsx', '.ts', '.tsx'];

function entryPointNames(pkg) {
  if (!pkg.exports || typeof pkg.exports === 'string') {
    return ['index'];
  }
  const names = [];
  for (const [mount, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'string') continue;
    if (!SCRIPT_EXTS.includes(path.extname(target))) continue;
    names.push(mount === '.' ? 'index' : mount.replace(/^\.\//, ''));
  }
  return names;
}

function main() {
  const dir = process.cwd();
  const pkg = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  const distDir = path.join(dir, 'dist');
  const problems = [];

  if (!fs.existsSync(distDir)) {
    problems.push('dist/ does not exist');
  } else {
    const files = new Set(fs.readdirSync(distDir));
    for (const name of entryPointNames(pkg)) {
      if (!files.has(`${name}.d.ts`)) {
        problems.push(`dist/${name}.d.ts is missing`);
      }
      if (!files.has(`${name}.cjs.js`) && !files.has(`${name}.esm.js`)) {
        problems.push(`dist/${name}.cjs.js or dist/${name}.esm.js is missing`);
      }
    }
  }

  if (problems.length > 0) {
    const rel = path.relative(path.resolve(__dirname, '..'), dir) || '.';
    process.stderr.write(
      [
        '',
        `ERROR: refusing to pack ${pkg.name} (${rel}): it has not been built.`,
        ...problems.map(p => `  - ${p}`),
        '',
        'Build first, from the repository root:',
        '  npm run build',
        '(`npm run tsc` writes the type declarations to dist-types/, then',
        '`backstage-cli repo build` bundles every package into its dist/.)',
        '',
      ].join('\n'),
    );
    process.exit(1);
  }
}

main();
