import { isValidAwsAccountId } from './accountId';
import { isValidBucketName } from './bucketName';

/**
 * The ref of a bucket no doc describes, found in an account's `ListBuckets` (DESIGN §15):
 * `aws:<account>/<bucket>`. It stands where a documented bucket has its entity ref.
 *
 * @public
 */
export type InventoryRef = `aws:${string}/${string}`;

/**
 * `aws:<account>/<bucket>` for a bucket of the inventory.
 *
 * @public
 */
export function formatInventoryRef(
  accountId: string,
  bucket: string,
): InventoryRef {
  return `aws:${accountId}/${bucket}`;
}

/**
 * The account and bucket of an inventory ref; undefined unless it is `aws:` followed by a
 * 12-digit account id, a slash and a valid bucket name.
 *
 * @public
 */
export function parseInventoryRef(
  ref: string,
): { accountId: string; bucket: string } | undefined {
  const match = /^aws:(\d{12})\/([^/]{1,63})$/.exec(ref);
  if (!match) return undefined;
  const [, accountId, bucket] = match;
  if (!isValidAwsAccountId(accountId) || !isValidBucketName(bucket)) {
    return undefined;
  }
  return { accountId, bucket };
}

/**
 * The ref a bucket row is known by: its entity ref when documented, else its inventory ref.
 *
 * @public
 */
export function bucketRefOf(bucket: {
  entityRef?: string;
  inventoryRef?: string;
}): string {
  return bucket.entityRef ?? bucket.inventoryRef ?? '';
}
