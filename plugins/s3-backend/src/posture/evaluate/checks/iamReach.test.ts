/*
 * Who can reach the bucket through IAM identity policies (iamReach.ts), which the access
 * checks on IAM and the house check dedicated-iam-user build on.
 */
import { IamAuthorization } from '@s3-posture/plugin-s3-node';
import { principalsThatReachBucket } from './iamReach';
import {
  ADMINISTRATOR_ACCESS,
  BUCKET_ARN,
  GUIDANCE_USER_POLICY,
  OBJECTS_ARN,
  attachedPolicy,
  iamGroup,
  iamRole,
  iamUser,
  makeInput,
  makeSettings,
  readOtherBucket,
  unparsablePolicy,
} from './testInput';

describe('principalsThatReachBucket', () => {
  it('finds users through their own and their groups’ policies, and roles', () => {
    const authorization: IamAuthorization = {
      users: [
        iamUser('direct', [GUIDANCE_USER_POLICY]),
        iamUser('via-group', [], ['readers']),
        iamUser('elsewhere', [readOtherBucket]),
      ],
      groups: [
        iamGroup('readers', [
          attachedPolicy('read', {
            Sid: 'Read',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: OBJECTS_ARN,
          }),
        ]),
      ],
      roles: [
        iamRole('admin', [ADMINISTRATOR_ACCESS]),
        iamRole('lambda-basic'),
      ],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toEqual([
      {
        type: 'user',
        name: 'direct',
        reach: 'yes',
        statements: ['VisualEditor0'],
      },
      { type: 'user', name: 'via-group', reach: 'yes', statements: ['Read'] },
      { type: 'role', name: 'admin', reach: 'yes', statements: ['#0'] },
    ]);
  });

  it('does not count a principal whose every S3 request on the bucket is denied', () => {
    const authorization: IamAuthorization = {
      users: [
        iamUser('fenced', [
          ADMINISTRATOR_ACCESS,
          attachedPolicy('fence', {
            Effect: 'Deny',
            Action: 's3:*',
            Resource: [BUCKET_ARN, OBJECTS_ARN],
          }),
        ]),
      ],
      groups: [],
      roles: [],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toEqual([]);
  });

  it('counts a grant on a prefix of the bucket', () => {
    const authorization: IamAuthorization = {
      users: [
        iamUser('uploader', [
          attachedPolicy('uploads', {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: `${BUCKET_ARN}/uploads/*`,
          }),
        ]),
      ],
      groups: [],
      roles: [],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toHaveLength(1);
  });

  it('marks a principal with an unparsablePolicy policy as unknown', () => {
    const authorization: IamAuthorization = {
      users: [iamUser('odd', [unparsablePolicy])],
      groups: [],
      roles: [],
    };
    expect(
      principalsThatReachBucket(authorization, makeInput(), makeSettings()),
    ).toEqual([
      { type: 'user', name: 'odd', reach: 'unknown', statements: [] },
    ]);
  });
});
