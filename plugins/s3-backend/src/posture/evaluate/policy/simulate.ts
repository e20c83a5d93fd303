/**
 * Runs a batch of simulated requests (every probe against every action and resource)
 * through a bucket policy.
 */
import { evaluateResourcePolicy, statementsForPrincipal } from './evaluate';
import { Probe, bucketArn, objectArn } from './probes';
import { S3ActionInfo } from './s3Actions';
import { EvaluationOptions, EvaluationResult, Policy } from './types';

/** An action on a resource. */
export interface Target {
  action: string;
  resource: string;
}

export interface SimulatedRequest extends Target {
  caller: string;
  origin: string;
  result: EvaluationResult;
}

/**
 * Each action on the resources it applies to: the bucket for bucket actions, each of
 * the given object keys for object actions.
 */
export function targetsFor(
  actions: S3ActionInfo[],
  partition: string,
  bucket: string,
  objectKeys: string[],
): Target[] {
  return actions.flatMap(info => [
    ...(info.resourceKinds.includes('bucket')
      ? [{ action: info.action, resource: bucketArn(partition, bucket) }]
      : []),
    ...(info.resourceKinds.includes('object')
      ? objectKeys.map(key => ({
          action: info.action,
          resource: objectArn(partition, bucket, key),
        }))
      : []),
  ]);
}

/** Each action on each of the resources, whatever the resource kind. */
export function everyPair(actions: string[], resources: string[]): Target[] {
  return actions.flatMap(action =>
    resources.map(resource => ({ action, resource })),
  );
}

export function simulateRequests(
  policy: Policy,
  probes: Probe[],
  targets: Target[],
  options: EvaluationOptions = {},
): SimulatedRequest[] {
  const byPrincipal = new Map<string, Policy>();
  return probes.flatMap(probe => {
    const principalKey = JSON.stringify(probe.principal);
    let relevant = byPrincipal.get(principalKey);
    if (!relevant) {
      relevant = statementsForPrincipal(policy, probe.principal);
      byPrincipal.set(principalKey, relevant);
    }
    const applicable = relevant;
    return targets.map(target => ({
      ...target,
      caller: probe.caller,
      origin: probe.origin,
      result: evaluateResourcePolicy(
        applicable,
        {
          principal: probe.principal,
          action: target.action,
          resource: target.resource,
          context: probe.context,
        },
        options,
      ),
    }));
  });
}

/** The distinct values of a field, in first-seen order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
