import { CheckCounts } from '@s3-posture/plugin-s3-common';
import { Knex } from 'knex';

/** The counts of a bucket with no verdict. */
export const EMPTY_COUNTS: CheckCounts = {
  pass: 0,
  fail: 0,
  error: 0,
  notApplicable: 0,
};

/** `whereIn` as OR'ed lists of at most 900 values: some databases cap one IN list at 1,000. */
export function whereInChunks(
  builder: Knex.QueryBuilder,
  column: string,
  values: string[],
) {
  const size = 900;
  builder.where(inner => {
    for (let i = 0; i < values.length; i += size) {
      inner.orWhereIn(column, values.slice(i, i + size));
    }
  });
}
