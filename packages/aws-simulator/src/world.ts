import { awsUniqueId, requestIdFrom, secretFrom } from './ids';
import { FaultPlan, SimulatorKnobs } from './knobs';
import { Scenario, ScenarioAccount, ScenarioBucket } from './scenario/types';
import { EventQueue } from './sqs/EventQueue';
import { RequestStats } from './stats';

/** Who signed a request, as far as the simulator is concerned. */
export interface Caller {
  account: ScenarioAccount;
  accessKeyId: string;
  arn: string;
  userId: string;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
  assumedRoleId: string;
}

/**
 * The simulator's state: the scenario, credentials handed out by AssumeRole, which accounts
 * generated a credential report, the fault plan and the counters. One per handler set.
 */
export class World {
  readonly faults: FaultPlan;
  readonly stats = new RequestStats();
  /** The SQS queue each applied bucket write puts its CloudTrail envelope on. */
  readonly events = new EventQueue();
  private readonly accounts = new Map<string, ScenarioAccount>();
  private readonly buckets = new Map<string, ScenarioBucket>();
  private readonly callers = new Map<string, Caller>();
  private readonly reportsGenerated = new Set<string>();
  private requests = 0;

  constructor(
    readonly scenario: Scenario,
    knobs: SimulatorKnobs = {},
  ) {
    this.faults = new FaultPlan(knobs);
    for (const account of scenario.accounts) {
      this.accounts.set(account.id, account);
      for (const key of account.accessKeys) {
        const user = key.user
          ? account.iam.users.find(u => u.name === key.user)
          : undefined;
        this.callers.set(key.id, {
          account,
          accessKeyId: key.id,
          arn: user?.arn ?? `arn:aws:iam::${account.id}:root`,
          userId: user?.id ?? account.id,
        });
      }
    }
    for (const bucket of scenario.buckets) {
      this.buckets.set(bucket.name, bucket);
    }
  }

  account(id: string): ScenarioAccount | undefined {
    return this.accounts.get(id);
  }

  /** A bucket that exists now (not deleted through the `deletedBuckets` knob). */
  bucket(name: string): ScenarioBucket | undefined {
    return this.faults.isDeleted(name) ? undefined : this.buckets.get(name);
  }

  bucketsOf(accountId: string): ScenarioBucket[] {
    return this.scenario.buckets.filter(
      b => b.accountId === accountId && !this.faults.isDeleted(b.name),
    );
  }

  callerOf(accessKeyId: string): Caller | undefined {
    return this.callers.get(accessKeyId);
  }

  nextRequestId(): string {
    return requestIdFrom(++this.requests);
  }

  /** Credentials for an assumed role; their key id maps to the role's account from now on. */
  issueTemporaryCredentials(
    account: ScenarioAccount,
    roleName: string,
    roleId: string,
    sessionName: string,
    durationSeconds: number,
  ): TemporaryCredentials {
    const accessKeyId = awsUniqueId(
      'ASIA',
      `${account.id}:${roleName}:${sessionName}:${this.callers.size}`,
    ).slice(0, 20);
    const assumedRoleArn = `arn:aws:sts::${account.id}:assumed-role/${roleName}/${sessionName}`;
    const assumedRoleId = `${roleId}:${sessionName}`;
    this.callers.set(accessKeyId, {
      account,
      accessKeyId,
      arn: assumedRoleArn,
      userId: assumedRoleId,
    });
    return {
      accessKeyId,
      secretAccessKey: secretFrom(accessKeyId),
      sessionToken: Buffer.from(`simulated-session:${accessKeyId}`).toString(
        'base64',
      ),
      expiration: new Date(Date.now() + durationSeconds * 1000),
      assumedRoleArn,
      assumedRoleId,
    };
  }

  markReportGenerated(accountId: string): boolean {
    const already = this.reportsGenerated.has(accountId);
    this.reportsGenerated.add(accountId);
    return already;
  }

  reportGenerated(accountId: string): boolean {
    return this.reportsGenerated.has(accountId);
  }
}
