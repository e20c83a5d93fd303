export interface Config {
  /** Configuration of the S3 posture plugins. */
  s3?: {
    /** How bucket docs become catalog entities. */
    catalog?: {
      /**
       * Kind given to bare owner names in bucket docs (`owners: [payments]`).
       * Owners written as entity refs (`user:jdoe`) keep their own kind.
       * Default: `group`.
       */
      ownerDefaultKind?: string;
    };

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
