export interface Config {
  s3?: {
    /**
     * Link to your organisation's guide for writing S3 bucket docs. The S3 card
     * shows it to entities that have no buckets yet.
     * @visibility frontend
     */
    docsUrl?: string;
  };
}
