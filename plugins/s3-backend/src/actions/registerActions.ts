import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { AuthorizedPosture } from '../authorizedPosture';
import {
  bucketInput,
  entityInput,
  entityOutput,
  listInput,
  listOutput,
  postureOutput,
  validBucket,
  validList,
  validRollUpEntity,
} from './schemas';

/**
 * The REST API's answer as an action's output. The registry checks it against the output
 * schema at run time; the schemas let fields they do not name pass, which the compiler
 * cannot see in the API's interfaces.
 */
function answer(value: object): { output: any } {
  return { output: value };
}

/** The names of the actions, as `s3:<name>` in the actions registry and MCP tools. */
export const S3_ACTION_NAMES = [
  'list-s3-buckets',
  'get-s3-bucket-posture',
  'get-entity-s3-posture',
  'refresh-s3-bucket',
] as const;

/**
 * Registers the S3 posture actions (DESIGN §17) with the actions registry, for AI
 * assistants (through `@backstage/plugin-mcp-actions-backend`) and other plugins. Each runs
 * with the caller's credentials through {@link AuthorizedPosture}, the path the REST API
 * takes: the same catalog visibility and the same `s3.posture.read` / `s3.posture.refresh`
 * checks. A denied call is an error (NotAllowedError / NotFoundError), never data.
 */
export function registerS3Actions(options: {
  actionsRegistry: ActionsRegistryService;
  posture: AuthorizedPosture;
}): void {
  const { actionsRegistry, posture } = options;

  /** The entity or inventory ref an input names, a name resolved among the buckets the caller may read. */
  const bucketRefOf = async (
    input: unknown,
    credentials: Parameters<AuthorizedPosture['bucketPosture']>[1],
  ) => {
    const named = validBucket(input);
    return 'ref' in named
      ? named.ref
      : posture.bucketRefByName(named.bucket, credentials);
  };

  actionsRegistry.register({
    name: 'list-s3-buckets',
    title: 'List S3 buckets and their security posture',
    description: [
      'Lists the S3 buckets whose posture the caller may read: those documented in the Backstage',
      'catalog and, with the s3.inventory.read permission, those found in AWS that no doc describes',
      '(documented: false, named by inventoryRef, suggestedOwners from their tags). Each with the',
      "bucket's status (compliant, at-risk, non-compliant, unknown), score 0-100, owners, service and",
      'failing checks (most severe first). Filters combine; results are paged (limit, offset;',
      'totalCount says how many match). Use it for "which of my buckets are non-compliant": pass',
      'owner (a user or group entity ref) and status ["non-compliant"]. For one bucket\'s full',
      'verdicts and remediation, call get-s3-bucket-posture.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: { input: listInput, output: listOutput },
    examples: [
      {
        title: 'Non-compliant buckets of a team',
        input: {
          owner: 'group:default/team-identity',
          status: ['non-compliant'],
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const query = validList(input);
      return answer(await posture.listBuckets(query, credentials));
    },
  });

  actionsRegistry.register({
    name: 'get-s3-bucket-posture',
    title: "Get an S3 bucket's security posture",
    description: [
      "One S3 bucket's full posture: status, score, owners, and every check of the profile with",
      'its status (pass, fail, error = could not be decided, not-applicable), severity, the reason',
      'and the evidence that decided it, and the remediation (console steps and a CLI command or',
      'policy). Name the bucket by its catalog entity ref (e.g. "resource:default/users-bucket"), by',
      'its inventoryRef when no doc describes it (e.g. "aws:444455556666/tmp-exports"), or by its AWS',
      'bucket name: exactly one of them. A lastError with code NoSuchBucket means the bucket its doc',
      'names does not exist in AWS.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: { input: bucketInput, output: postureOutput },
    examples: [
      {
        title: 'By entity ref',
        input: { entityRef: 'resource:default/users-bucket' },
      },
    ],
    action: async ({ input, credentials }) => {
      const entityRef = await bucketRefOf(input, credentials);
      return answer(await posture.bucketPosture(entityRef, credentials));
    },
  });

  actionsRegistry.register({
    name: 'get-entity-s3-posture',
    title: 'Get the S3 posture roll-up of a service, system, team or user',
    description: [
      'The S3 buckets of a Component (the buckets it depends on), a System (those of its',
      'components), a Group or a User (the buckets they own), each with status, score and failing',
      'checks, and the worst status among them. Only buckets whose posture the caller may read',
      'are included. Follow up with get-s3-bucket-posture for the verdicts of one bucket.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true },
    schema: { input: entityInput, output: entityOutput },
    examples: [
      {
        title: "A service's buckets",
        input: { entityRef: 'component:default/user-service' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { entityRef } = validRollUpEntity(input);
      const summary = await posture.entitySummary(entityRef, credentials);
      if (!summary) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      return answer(summary);
    },
  });

  actionsRegistry.register({
    name: 'refresh-s3-bucket',
    title: 'Re-assess an S3 bucket now',
    description: [
      "Reads the bucket's live configuration from AWS now, judges it, stores the verdicts and",
      'returns the new posture (as get-s3-bucket-posture). Use it after the bucket was changed,',
      'to confirm a fix. Needs the s3.posture.refresh permission on the bucket (and s3.inventory.read',
      'for one no doc describes). Name the bucket as for get-s3-bucket-posture.',
    ].join(' '),
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: { input: bucketInput, output: postureOutput },
    action: async ({ input, credentials }) => {
      const entityRef = await bucketRefOf(input, credentials);
      return answer(await posture.refresh(entityRef, credentials));
    },
  });
}
