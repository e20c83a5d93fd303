import { ManagedPolicy } from './types';

const CREATED = new Date('2015-02-06T18:40:00Z');

function awsManaged(name: string, statement: object): ManagedPolicy {
  return {
    name,
    arn: `arn:aws:iam::aws:policy/${name}`,
    path: '/',
    document: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    createdAt: CREATED,
  };
}

/** The AWS managed policies a scenario can attach by ARN without defining them (real documents). */
export const BUILT_IN_AWS_MANAGED_POLICIES: ManagedPolicy[] = [
  awsManaged('AdministratorAccess', {
    Effect: 'Allow',
    Action: '*',
    Resource: '*',
  }),
  awsManaged('AmazonS3FullAccess', {
    Effect: 'Allow',
    Action: ['s3:*', 's3-object-lambda:*'],
    Resource: '*',
  }),
  awsManaged('AmazonS3ReadOnlyAccess', {
    Effect: 'Allow',
    Action: [
      's3:Get*',
      's3:List*',
      's3:Describe*',
      's3-object-lambda:Get*',
      's3-object-lambda:List*',
    ],
    Resource: '*',
  }),
];
