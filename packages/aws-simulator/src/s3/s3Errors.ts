/** S3 error codes the simulator answers with, their HTTP status and AWS's own message. */
export const S3_ERRORS = {
  // "Not configured" answers (DESIGN §4): data for the collector, not failures.
  NoSuchBucketPolicy: {
    status: 404,
    message: 'The bucket policy does not exist',
  },
  NoSuchPublicAccessBlockConfiguration: {
    status: 404,
    message: 'The public access block configuration was not found',
  },
  OwnershipControlsNotFoundError: {
    status: 404,
    message: 'The bucket ownership controls were not found',
  },
  ObjectLockConfigurationNotFoundError: {
    status: 404,
    message: 'Object Lock configuration does not exist for this bucket',
  },
  NoSuchLifecycleConfiguration: {
    status: 404,
    message: 'The lifecycle configuration does not exist',
  },
  ReplicationConfigurationNotFoundError: {
    status: 404,
    message: 'The replication configuration was not found',
  },
  ServerSideEncryptionConfigurationNotFoundError: {
    status: 404,
    message: 'The server side encryption configuration was not found',
  },
  NoSuchCORSConfiguration: {
    status: 404,
    message: 'The CORS configuration does not exist',
  },
  NoSuchTagSet: { status: 404, message: 'The TagSet does not exist' },
  // Failures.
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist' },
  AccessDenied: { status: 403, message: 'Access Denied' },
  InvalidAccessKeyId: {
    status: 403,
    message:
      'The AWS Access Key Id you provided does not exist in our records.',
  },
  PermanentRedirect: {
    status: 301,
    message:
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
  },
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
  InternalError: {
    status: 500,
    message: 'We encountered an internal error. Please try again.',
  },
  MalformedXML: {
    status: 400,
    message:
      'The XML you provided was not well-formed or did not validate against our published schema',
  },
  MalformedPolicy: { status: 400, message: 'Policies must be valid JSON' },
  InvalidArgument: { status: 400, message: 'Invalid Argument' },
  NotImplemented: {
    status: 501,
    message:
      'A header you provided implies functionality that is not implemented',
  },
} as const;

export type S3ErrorCode = keyof typeof S3_ERRORS;
