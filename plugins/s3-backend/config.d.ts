export interface Config {
  /** Configuration of the S3 posture plugins. */
  s3?: {
    /**
     * Endpoint override for the S3, S3 Control, IAM and STS clients: an S3-compatible
     * server or a local emulator (e.g. `http://localhost:4566`). Unset: AWS itself.
     * Credentials still come from the standard `aws.*` integration config.
     */
    endpoint?: string;

    /**
     * Address buckets path-style (`<endpoint>/<bucket>`) rather than as host names
     * (`<bucket>.<endpoint>`). Default: true when `s3.endpoint` is set, else false.
     */
    forcePathStyle?: boolean;

    /** What the posture engine checks, and when. */
    posture?: {
      /**
       * Which checks run and at which severity: `aws-foundational` (default: the
       * Security Hub / CIS aligned set), `strict` (every check) or `house-rules`
       * (foundational plus the team's own bucket rules).
       */
      profile?: 'aws-foundational' | 'strict' | 'house-rules';
      /**
       * Per-check overrides, by check id (see `GET /api/s3/v1/checks`):
       * `enabled: true` adds a check the profile leaves out, `false` drops one;
       * `severity` re-weighs it.
       */
      checks?: {
        [checkId: string]: {
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
        };
      };
      /** Other accounts that may hold sensitive permissions on our buckets. */
      trustedAccounts?: string[];
      /** AWS Organizations ids whose accounts count as ours (aws:PrincipalOrgID). */
      trustedOrganizations?: string[];
      /** The house rules of the `house-rules` profile. */
      houseRules?: {
        /** Regular expression a bucket name must match. Default: `^[a-z0-9][a-z0-9-]*-(production|staging)$`. */
        namingPattern?: string;
        /** Regions buckets may live in. Default: `[eu-north-1]`. */
        allowedRegions?: string[];
      };
      /** Largest pre-signed URL age a bucket policy may allow (s3:signatureAge), in minutes. Default: 60. */
      presignedUrlMaxAgeMinutes?: number;
      /** Bucket tag that marks a public dataset, as `key=value`. Default: `public-dataset=true`. */
      publicDatasetTag?: string;
      /** Access keys older than this many days must be rotated. Default: 90 (CIS). */
      accessKeyMaxAgeDays?: number;
      /** Active credentials unused for longer than this many days are stale. Default: 45 (Security Hub IAM.22). */
      unusedCredentialDays?: number;
      /**
       * When every bucket is assessed again (the safety net behind change events). Default:
       * every 6 hours, after 30 seconds. Each shard (`refreshShards`) runs on one backend
       * instance at a time when several share a database.
       */
      schedule?: {
        frequency: { cron: string } | string | { [unit: string]: number };
        timeout: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
      };
      /**
       * How many scheduler tasks the full refresh is split into. Each task assesses its share
       * of the buckets (by a hash of the entity ref) once per `schedule` period, on whichever
       * backend instance claims it, so several instances on one database share the refresh.
       * 1 keeps a single task (`s3-posture-refresh`). Default: 4.
       */
      refreshShards?: number;
      /**
       * AWS change events (CloudTrail management events delivered by EventBridge, e.g.
       * through SQS and `@backstage/plugin-events-backend-module-aws-sqs`) that re-assess
       * the buckets they change, within seconds.
       */
      events?: {
        /** Subscribe to the topic. Default: true. */
        enabled?: boolean;
        /**
         * The Backstage events topic the EventBridge envelopes are published on. Default:
         * `aws.s3`. With `@backstage/plugin-events-backend-module-aws-sqs` use a name without
         * a dot (e.g. `aws-s3`): that module takes topics as config keys.
         */
        topic?: string;
        /** Changes to one bucket within this many seconds make one assessment. Default: 2. */
        coalesceSeconds?: number;
        /**
         * Account-level changes (account Block Public Access, IAM policies and keys) within this
         * many seconds make one pass over the account's buckets. Default: 5.
         */
        accountCoalesceSeconds?: number;
        /**
         * Seconds for which a bucket-level change reuses the account's data (account Block
         * Public Access, IAM) read by an earlier event-driven assessment, instead of reading
         * it again for every bucket change; account-level changes always read it again.
         * 0 reads it for every change. Default: 300.
         */
        accountDataSeconds?: number;
      };
      /**
       * Notifications to a bucket's owners (`@backstage/plugin-notifications-backend`) when
       * its posture regresses, and a "resolved" one when it recovers. One notification per
       * bucket (topic and scope: the bucket's entity ref). Nothing is sent for a first
       * assessment, checks that could not be decided, or a failed assessment.
       */
      notifications?: {
        /**
         * Send them. Default: true; without the notifications backend installed nothing is
         * sent (one warning is logged) and nothing else changes.
         */
        enabled?: boolean;
        /**
         * A check of this severity or above that starts failing notifies, as does a status
         * that worsens. Default: `high`.
         */
        minSeverity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
        /**
         * Entity refs (e.g. `group:default/platform-team`) told about buckets no doc
         * describes (`s3.inventory`): they have no owners. Default: none, nobody is told.
         */
        undocumentedRecipients?: string[];
      };
      /** How often to look for new bucket entities and assess them, in minutes. Default: 1. */
      discoveryFrequencyMinutes?: number;
      /** Buckets assessed at once during a refresh. Default: 10. */
      refreshConcurrency?: number;
      /** History entries kept per bucket. Default: 90. */
      historyLimit?: number;
      /**
       * Seconds for which the API reuses what the permission backend and the catalog said
       * about a caller (which buckets they may read, which buckets an entity's page rolls
       * up) and the summaries built from them. A verdict stored by this instance shows at
       * once; one stored by another instance within this time. 0 asks on every request.
       * Default: 10.
       */
      accessCacheSeconds?: number;
    };

    /**
     * The inventory (DESIGN §15): every bucket of every configured account, documented or
     * not. Each full refresh lists the accounts' buckets (`ListBuckets`); buckets no doc
     * describes are assessed too, under `aws:<account>/<bucket>`, and shown to callers with
     * the `s3.inventory.read` permission.
     */
    inventory?: {
      /**
       * List the accounts and assess their undocumented buckets. Default: true. When false,
       * nothing is listed and undocumented buckets already stored are removed.
       */
      enabled?: boolean;
      /**
       * Tags of an undocumented bucket whose values name its owner or service: each value
       * is matched against catalog groups, users and components (a full ref as given, a
       * bare name in the default namespace) and shown as a suggestion, never as an owner.
       * Default: `[owner, team, service]`.
       */
      ownerTagKeys?: string[];
    };

    /** How the posture engine calls AWS. */
    aws?: {
      /** Attempts per call, the first included, with adaptive retries. Default: 5. */
      maxAttempts?: number;
      /** Time one attempt may take before it is abandoned, in milliseconds. Default: 10000. */
      requestTimeoutMs?: number;
      /** Time to establish a connection, in milliseconds. Default: 5000. */
      connectionTimeoutMs?: number;
      /** AWS calls in flight at once, all accounts together. Default: 20. */
      concurrency?: number;
      /** AWS calls in flight at once per account (AWS throttles per account). Default: 10. */
      accountConcurrency?: number;
      /**
       * Region for global calls: IAM, STS, ListBuckets, GetBucketLocation, and S3 Control.
       * Default: `us-east-1` (use e.g. `us-gov-west-1` or `cn-north-1` in other partitions).
       */
      defaultRegion?: string;
    };
  };
}
