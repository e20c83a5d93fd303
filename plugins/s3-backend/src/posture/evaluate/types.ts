import { CheckId, CheckStatus } from '@s3-posture/plugin-s3-common';
import { PostureInput } from '@s3-posture/plugin-s3-node';

/** Settings that change what passes (config `s3.posture.*`). */
export interface EvaluationSettings {
  /** Accounts that may hold sensitive permissions on our buckets (`s3.posture.trustedAccounts`). */
  trustedAccounts: string[];
  /** AWS Organizations ids whose accounts count as ours (`s3.posture.trustedOrganizations`). */
  trustedOrganizations: string[];
  houseRules: {
    /** Regular expression a bucket name must match (`s3.posture.houseRules.namingPattern`). */
    namingPattern: string;
    /** Regions buckets may live in (`s3.posture.houseRules.allowedRegions`). */
    allowedRegions: string[];
  };
  /** Largest `s3:signatureAge` a bucket policy may allow, in minutes (`s3.posture.presignedUrlMaxAgeMinutes`). */
  presignedUrlMaxAgeMinutes: number;
  /** Bucket tag that marks a public dataset, `key=value` (`s3.posture.publicDatasetTag`). */
  publicDatasetTag: { key: string; value: string };
  /** Access keys older than this many days must be rotated (CIS: 90). */
  accessKeyMaxAgeDays: number;
  /** Active credentials unused for longer than this many days are stale (Security Hub IAM.22: 45). */
  unusedCredentialDays: number;
  /** The time of the assessment (for key ages). */
  now: Date;
}

export const DEFAULT_EVALUATION_SETTINGS: Omit<EvaluationSettings, 'now'> = {
  trustedAccounts: [],
  trustedOrganizations: [],
  houseRules: {
    namingPattern: '^[a-z0-9][a-z0-9-]*-(production|staging)$',
    allowedRegions: ['eu-north-1'],
  },
  presignedUrlMaxAgeMinutes: 60,
  publicDatasetTag: { key: 'public-dataset', value: 'true' },
  accessKeyMaxAgeDays: 90,
  unusedCredentialDays: 45,
};

/** One check's verdict; the engine adds the check's title, severity, remediation, anchors. */
export interface Verdict {
  status: CheckStatus;
  /** One sentence a person can act on: what was found, or why it could not be decided. */
  reason: string;
  /** The configuration fields that decided it (never credentials). */
  evidence: Record<string, unknown>;
}

/** A pure function from what was collected to one verdict. No I/O. */
export type CheckEvaluator = (
  input: PostureInput,
  settings: EvaluationSettings,
) => Verdict;

/** The evaluators of a group of checks, by id. */
export type CheckEvaluators = Partial<Record<CheckId, CheckEvaluator>>;
