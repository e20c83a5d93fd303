export interface Config {
  /** Configuration of the S3 posture plugins. */
  s3?: {
    /** How bucket docs become catalog entities. */
    catalog?: {
      /**
       * Kind given to bare owner names in bucket docs (`owners: [payments]`): `group`
       * (default) or `user`. With `group`, a doc that names a person (`owners: [jdoe]`)
       * makes them the group `group:default/jdoe`; set `user` when docs name people.
       * Owners written as entity refs (`user:jdoe`, `group:payments`) keep their own kind.
       */
      ownerDefaultKind?: string;
    };
  };
}
