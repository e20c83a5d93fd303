#!/usr/bin/env node
/*
 * Checks that the built output of each publishable package imports only what its
 * package.json declares, and that it declares nothing it does not import.
 *
 * For each package it scans dist/ (every .js, .cjs, .mjs and .d.ts file, recursively) and
 * migrations/ when the package ships one, collects the bare module specifiers of
 * `import … from`, `export … from`, `import '…'`, `import('…')`, `require('…')`, `require.resolve('…')` and
 * `/// <reference types="…" />`, reduces each to its package name (`@scope/name` or
 * `name`), drops Node.js built-ins and the package's own name, and compares the set with
 * `dependencies` + `peerDependencies` + `optionalDependencies`:
 *
 * - imported but not declared: an error (an adopter's install would not bring it in);
 * - declared but never imported: an error, unless the package's own non-test sources
 *   import it (types only, erased by TypeScript, still declared as Backstage's lint wants),
 *   or it is listed in ALLOWED_UNUSED below with the reason (a declared `@types/x` counts
 *   as used when a .d.ts file imports `x`).
 *
 * Needs `npm run build` first (it reads dist/, not src/). Plain Node, no dependencies.
 *
 * Usage: node scripts/check-dist-deps.js [package-dir ...]
 *        (default: every publishable package, listed in PACKAGES)
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const ROOT = path.resolve(__dirname, '..');

const PACKAGES = [
  'plugins/s3-common',
  'plugins/s3-node',
  'plugins/s3-backend',
  'plugins/s3-frontend',
  'plugins/catalog-backend-module-s3-bucket-docs',
  'plugins/tech-insights-backend-module-s3',
];

/**
 * Declared dependencies that the built output does not import, on purpose. Each entry
 * says why; remove it when the reason is gone.
 */
const ALLOWED_UNUSED = {
  '@s3-posture/plugin-s3': {
    'react-dom':
      'peer dependency of every Backstage frontend plugin (MUI and core-components need it from the app)',
  },
};

const BUILTINS = new Set(
  builtinModules.flatMap(m => [m, m.replace(/^node:/, '')]),
);

const SPECIFIER_PATTERNS = [
  // import x from 'y'; export { x } from 'y'; import type { x } from 'y' (multi-line too)
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
  // import 'y';
  /\bimport\s*['"]([^'"]+)['"]/g,
  // import('y'), also in .d.ts type positions
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  // require('y'), require.resolve('y')
  /\brequire(?:\.resolve)?\s*\(\s*['"]([^'"]+)['"]\s*[,)]/g,
  // /// <reference types="y" />
  /\/\/\/\s*<reference\s+types\s*=\s*['"]([^'"]+)['"]/g,
];

function packageNameOf(specifier) {
  if (
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('node:')
  ) {
    return undefined;
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@')
    ? parts.slice(0, 2).join('/')
    : parts[0];
  if (BUILTINS.has(name) || BUILTINS.has(specifier)) {
    return undefined;
  }
  return name;
}

function typesPackageTarget(name) {
  const match = name.match(/^@types\/(.+)$/);
  if (!match) return undefined;
  const [scope, rest] = match[1].split('__');
  return rest ? `@${scope}/${rest}` : scope;
}

const BUILT_FILE = /\.(c|m)?js$|\.d\.(c|m)?ts$/;
const SOURCE_FILE = /\.(ts|tsx|js|jsx)$/;
const TEST_FILE =
  /\.test\.[jt]sx?$|(^|\/)(__testUtils__|__fixtures__)\/|(^|\/)setupTests\.[jt]s$/;

function listFiles(dir, pattern = BUILT_FILE) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...listFiles(full, pattern));
    } else if (pattern.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** Packages that the package's own non-test sources import. */
function sourceImports(dir) {
  const names = new Set();
  for (const file of listFiles(path.join(dir, 'src'), SOURCE_FILE)) {
    if (TEST_FILE.test(path.relative(dir, file))) continue;
    for (const name of importsOf(file)) names.add(name);
  }
  return names;
}

function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const found = new Set();
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const name = packageNameOf(match[1]);
      if (name) found.add(name);
    }
  }
  return found;
}

function checkPackage(relDir) {
  const dir = path.resolve(ROOT, relDir);
  const pkg = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  const distFiles = listFiles(path.join(dir, 'dist'));
  if (distFiles.length === 0) {
    return {
      name: pkg.name,
      relDir,
      errors: [`no dist/ output: run \`npm run build\` at the root first`],
      notes: [],
    };
  }
  const files = [...distFiles, ...listFiles(path.join(dir, 'migrations'))];

  const usedBy = new Map();
  const typesUsed = new Set();
  for (const file of files) {
    for (const name of importsOf(file)) {
      if (name === pkg.name) continue;
      if (!usedBy.has(name)) usedBy.set(name, []);
      usedBy.get(name).push(path.relative(dir, file));
      if (/\.d\.(c|m)?ts$/.test(file)) typesUsed.add(name);
    }
  }

  const declared = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ]);
  const allowedUnused = ALLOWED_UNUSED[pkg.name] ?? {};
  const srcUsed = sourceImports(dir);

  const errors = [];
  const notes = [];
  for (const [name, users] of [...usedBy].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!declared.has(name)) {
      const where = users.slice(0, 3).join(', ');
      const more = users.length > 3 ? ` and ${users.length - 3} more` : '';
      errors.push(
        `imports ${name} (in ${where}${more}) but does not declare it`,
      );
    }
  }
  for (const name of [...declared].sort()) {
    if (usedBy.has(name)) continue;
    // `@types/react` is used when the .d.ts files import `react` (`@types/a__b`: `@a/b`)
    const typed = typesPackageTarget(name);
    if (typed && typesUsed.has(typed)) continue;
    if (srcUsed.has(name)) {
      // e.g. `import { Config } from '@backstage/config'` used as a type only: TypeScript
      // erases it, but Backstage's lint (no-undeclared-imports) wants it declared.
      notes.push(
        `declares ${name}: src uses it for types only (erased from dist/)`,
      );
    } else if (allowedUnused[name]) {
      notes.push(
        `declares ${name}, unused in dist/ on purpose: ${allowedUnused[name]}`,
      );
    } else {
      errors.push(`declares ${name} but its dist/ never imports it`);
    }
  }
  return { name: pkg.name, relDir, errors, notes, scanned: files.length };
}

function main() {
  const dirs =
    process.argv.slice(2).length > 0 ? process.argv.slice(2) : PACKAGES;
  let failed = 0;
  for (const relDir of dirs) {
    const result = checkPackage(relDir);
    const status = result.errors.length > 0 ? 'FAIL' : 'ok  ';
    const scanned = result.scanned ? ` (${result.scanned} files)` : '';
    console.log(`${status} ${result.name}${scanned}`);
    for (const e of result.errors) console.log(`       error: ${e}`);
    for (const n of result.notes) console.log(`       note:  ${n}`);
    if (result.errors.length > 0) failed += 1;
  }
  if (failed > 0) {
    console.error(
      `\n${failed} package(s) with dependency problems in their dist/`,
    );
    process.exit(1);
  }
}

main();
