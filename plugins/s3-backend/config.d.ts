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
  };
}
