#!/usr/bin/env bash
# Installs the packed plugins into a fresh Backstage backend outside this repository, the way
# an adopter would, adds one check of its own through @s3-posture/plugin-s3-node, and asks the
# running backend for it (README: "Building and packing"). Needs the npm registry and the
# PostgreSQL server of TOOLCHAIN.md; judges the example docs against the simulated account.
#   scripts/adopter-check.sh [work-dir]     (default /tmp/s3-adopter-check)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/s3-adopter-check}"
pg="${ADOPTER_PG_HOST:-127.0.0.1}"
rm -rf "$work" && mkdir -p "$work/tarballs" "$work/docs" "$work/backend/src"

(cd "$repo" && npm run build >/dev/null)
for p in s3-common s3-node s3-backend catalog-backend-module-s3-bucket-docs; do
  (cd "$repo/plugins/$p" && npm pack --silent --pack-destination "$work/tarballs" >/dev/null)
done
cp "$repo"/examples/org.yaml "$repo"/examples/components.yaml "$work/docs/"
cp "$repo"/examples/buckets/users-bucket.md "$repo"/examples/buckets/transaction-logs-production-bucket.md "$work/docs/"

T="$work/tarballs"
cat > "$work/backend/package.json" <<JSON
{
  "name": "adopter-backend", "version": "0.0.0", "private": true,
  "dependencies": {
    "@backstage/backend-defaults": "0.17.7",
    "@backstage/backend-plugin-api": "^1.10.1",
    "@backstage/plugin-catalog-backend": "~3.9.0",
    "@s3-posture/plugin-s3-common": "file:$T/s3-posture-plugin-s3-common-0.1.0.tgz",
    "@s3-posture/plugin-s3-node": "file:$T/s3-posture-plugin-s3-node-0.1.0.tgz",
    "@s3-posture/plugin-s3-backend": "file:$T/s3-posture-plugin-s3-backend-0.1.0.tgz",
    "@s3-posture/plugin-catalog-backend-module-s3-bucket-docs": "file:$T/s3-posture-plugin-catalog-backend-module-s3-bucket-docs-0.1.0.tgz"
  },
  "overrides": {
    "@s3-posture/plugin-s3-common": "file:$T/s3-posture-plugin-s3-common-0.1.0.tgz",
    "@s3-posture/plugin-s3-node": "file:$T/s3-posture-plugin-s3-node-0.1.0.tgz"
  }
}
JSON
cat > "$work/backend/src/index.js" <<'JS'
const { createBackend } = require('@backstage/backend-defaults');
const { createBackendModule } = require('@backstage/backend-plugin-api');
const { s3PostureChecksExtensionPoint } = require('@s3-posture/plugin-s3-node');

const costCenterTag = {
  id: 'cost-center-tag',
  title: 'Bucket carries a cost-center tag',
  description: 'Passes when the bucket has a non-empty `cost-center` tag.',
  remediation: 'Tag the bucket with its cost center.',
  category: 'house',
  severity: 'low',
  profiles: ['house-rules', 'strict'],
  reads: ['tagging'],
  evaluate({ bucket }) {
    if (bucket.tagging.status === 'error') return { status: 'error', reason: bucket.tagging.message };
    const value = bucket.tagging.status === 'ok' ? bucket.tagging.value['cost-center'] : undefined;
    return value ? { status: 'pass', reason: `cost-center=${value}` } : { status: 'fail', reason: 'no cost-center tag' };
  },
};

const backend = createBackend();
backend.add(require('@backstage/plugin-catalog-backend'));
backend.add(require('@s3-posture/plugin-catalog-backend-module-s3-bucket-docs'));
backend.add(require('@s3-posture/plugin-s3-backend'));
backend.add(createBackendModule({
  pluginId: 's3',
  moduleId: 'cost-center-tag',
  register(reg) {
    reg.registerInit({
      deps: { checks: s3PostureChecksExtensionPoint },
      async init({ checks }) { checks.addChecks(costCenterTag); },
    });
  },
}));
backend.start();
JS
cat > "$work/backend/app-config.yaml" <<YAML
backend:
  baseUrl: http://localhost:7199
  listen: { port: 7199 }
  database: { client: pg, connection: { host: $pg, port: 5432, user: postgres }, prefix: adopter_check_ }
  auth:
    externalAccess:
      - type: static
        options: { token: adopter-check-token-0123456789, subject: adopter-check }
catalog:
  rules: [{ allow: [Component, System, Resource, Location, Group, User] }]
  locations:
    - { type: file, target: ../docs/org.yaml }
    - { type: file, target: ../docs/components.yaml }
    - { type: file, target: ../docs/*.md }
aws:
  accounts:
    - { accountId: '111122223333', accessKeyId: AKIASECURECARTPROD01, secretAccessKey: simulated }
    - { accountId: '444455556666', accessKeyId: AKIASECURECARTSTAG01, secretAccessKey: simulated }
s3:
  endpoint: http://127.0.0.1:4599
  forcePathStyle: true
  catalog: { ownerDefaultKind: user }
  posture: { profile: house-rules }
YAML
(cd "$work/backend" && npm install --no-audit --no-fund --prefer-offline >/dev/null)

# The simulated account, from this repository, on its own port.
cat > "$work/sim.ts" <<TS
import { startAwsSimulator } from '$repo/packages/aws-simulator/src';
startAwsSimulator({ scenario: '$repo/examples/scenario.yaml', port: 4599 });
TS
(cd "$repo" && exec node -r @backstage/cli/config/nodeTransform.cjs "$work/sim.ts") >"$work/sim.log" 2>&1 &
sim=$!
(cd "$work/backend" && exec node src/index.js --config app-config.yaml) >"$work/backend.log" 2>&1 &
backend=$!
cleanup() {
  kill "$backend" "$sim" 2>/dev/null || true
  for db in $(psql -h "$pg" -U postgres -Atc "select datname from pg_database where datname like 'adopter_check_%'"); do
    psql -h "$pg" -U postgres -qc "drop database $db"
  done
}
trap cleanup EXIT

auth="Authorization: Bearer adopter-check-token-0123456789"
for _ in $(seq 1 60); do
  curl -sf -X POST -H "$auth" localhost:7199/api/s3/v1/buckets/default/users-bucket/refresh >"$work/users.json" && break
  sleep 2
done
curl -sf -H "$auth" localhost:7199/api/s3/v1/checks >"$work/checks.json"
node -e '
const checks = require(process.argv[1]);
const users = require(process.argv[2]);
const added = checks.checks.find(c => c.id === "cost-center-tag");
const verdict = users.checks.find(c => c.id === "cost-center-tag");
if (!added || !added.custom || !added.active) throw new Error("cost-center-tag is not served as an active added check");
if (!verdict || verdict.status !== "fail") throw new Error("cost-center-tag was not judged on users-bucket: " + JSON.stringify(verdict));
console.log(`adopter check passed: ${checks.checks.length} checks served, cost-center-tag ${verdict.status} on users-bucket (${verdict.reason})`);
' "$work/checks.json" "$work/users.json"
