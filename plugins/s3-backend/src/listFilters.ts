import {
  BUCKET_ORDER_FIELDS,
  POSTURE_STATUSES,
  PostureStatus,
} from '@s3-posture/plugin-s3-common';
import { z } from 'zod';

/**
 * The value rules of the bucket list's filters (`GET /v1/buckets` and the `list-s3-buckets`
 * action): one definition, so the REST API and the actions accept and reject the same
 * values with the same words. The router reads them from query strings, the actions from
 * JSON: each wraps these in its own shape.
 */
export const listFilterRules = {
  // PostgreSQL rejects NUL in text, and no bucket name or title holds control characters.
  q: z
    .string()
    .max(200)
    .regex(/^\P{Cc}*$/u, 'must not contain control characters'),
  owner: z
    .string()
    .max(512)
    .regex(
      /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
      'must be an entity ref like group:default/team-a',
    ),
  service: z
    .string()
    .max(512)
    .regex(
      /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
      'must be an entity ref like component:default/user-service',
    ),
  relatedTo: z
    .string()
    .max(512)
    .regex(
      /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i,
      'must be an entity ref like group:default/team-a',
    ),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region like eu-north-1'),
  status: z.enum(POSTURE_STATUSES as [PostureStatus, ...PostureStatus[]], {
    errorMap: () => ({
      message: `must each be one of ${POSTURE_STATUSES.join(', ')}`,
    }),
  }),
  orderBy: z.enum(BUCKET_ORDER_FIELDS, {
    errorMap: () => ({
      message: `must be ${BUCKET_ORDER_FIELDS.join(', ')}`,
    }),
  }),
  order: z.enum(['asc', 'desc'], {
    errorMap: () => ({ message: 'must be asc or desc' }),
  }),
  offset: z.number().int().min(0).max(1_000_000),
  limit: z.number().int().min(1).max(500),
};
