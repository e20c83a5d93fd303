import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The full refresh's task id when it is not split (one shard). */
export const REFRESH_TASK_ID = 's3-posture-refresh';

/** Default number of shards of the full refresh. */
export const DEFAULT_REFRESH_SHARDS = 4;

/** `s3.posture.refreshShards`: how many global tasks the full refresh is split into. */
export function readRefreshShards(root: Config): number {
  const shards =
    root.getOptionalNumber('s3.posture.refreshShards') ??
    DEFAULT_REFRESH_SHARDS;
  if (!Number.isInteger(shards) || shards < 1 || shards > 64) {
    throw new InputError(
      `s3.posture.refreshShards: must be a whole number from 1 to 64, got ${shards}`,
    );
  }
  return shards;
}

/**
 * The shard (0-based) a bucket belongs to: FNV-1a of its entity ref. Stable across
 * instances, restarts and catalog order, so each bucket is in exactly one shard.
 */
export function shardOf(entityRef: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityRef.length; i++) {
    hash ^= entityRef.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** The scheduler task id of each shard. */
export function refreshShardTaskIds(count: number): string[] {
  return count === 1
    ? [REFRESH_TASK_ID]
    : Array.from(
        { length: count },
        (_, i) => `${REFRESH_TASK_ID}-shard-${i + 1}-of-${count}`,
      );
}

/** What a shard run needs of the posture service. */
export interface ShardedRefreshTarget {
  refreshAll(options: {
    signal?: AbortSignal;
    only?: (entityRef: string) => boolean;
    skipAssessedWithinMs?: number;
  }): Promise<{ assessed: number; failed: number }>;
}

/** A scheduled pass leaves out buckets assessed this recently (at most). */
export const SKIP_RECENT_MAX_MS = 5 * 60_000;

const UNIT_MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
};

/**
 * How recently assessed a bucket must be for a scheduled pass to leave it out: 5 minutes,
 * or a tenth of the refresh period when that is shorter (a bucket is not skipped for having
 * been assessed by the previous pass, even one that started late and ran long). Cron and ISO
 * schedules: 5 minutes; a task run only when triggered (`frequency: { trigger: 'manual' }`): 0.
 */
export function skipRecentMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number {
  const { frequency } = schedule;
  if (!frequency || typeof frequency !== 'object' || 'cron' in frequency) {
    return SKIP_RECENT_MAX_MS;
  }
  // Run only when triggered: every run is asked for, and skips nothing.
  if ('trigger' in frequency) return 0;
  const periodMs = Object.entries(frequency).reduce(
    (sum, [unit, n]) => sum + (UNIT_MS[unit] ?? 30 * 86_400_000) * Number(n),
    0,
  );
  return periodMs > 0
    ? Math.min(SKIP_RECENT_MAX_MS, periodMs / 10)
    : SKIP_RECENT_MAX_MS;
}

/**
 * Schedules the full refresh as `shards` global tasks (DESIGN §16): each assesses the
 * buckets whose {@link shardOf} is its index, once per period. With several backends on one
 * database, Backstage's scheduler runs each task on one instance at a time, and an
 * instance already running a shard hands a second one over (it lets the run end at once
 * and triggers the task again a second later): a replica runs one shard at a time, and
 * shards due together go to the replicas that are free, rather than all to the replica
 * whose scheduler polls first (which would then run them side by side while the others
 * idle). With one replica the shards run one after the other. A handed-over shard runs a
 * few seconds (a scheduler poll or two) later than due.
 *
 * With one shard, the task keeps its historical id (`s3-posture-refresh`) and behaviour.
 */
export async function scheduleShardedRefresh(options: {
  scheduler: SchedulerService;
  service: ShardedRefreshTarget;
  logger: LoggerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  shards: number;
  /** Delay before a handed-over shard is triggered again (tests shorten it). */
  handOverDelayMs?: number;
  /** Buckets assessed this recently are left out of a pass; default: skipRecentMs(schedule). */
  skipAssessedWithinMs?: number;
}): Promise<{ stop(): void }> {
  const { scheduler, service, logger, schedule, shards } = options;
  const ids = refreshShardTaskIds(shards);
  const handOverDelayMs = options.handOverDelayMs ?? 1000;
  const skipAssessedWithinMs =
    options.skipAssessedWithinMs ?? skipRecentMs(schedule);
  /** Shards this instance is running now. */
  const state = { running: 0 };
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const triggerLater = (id: string, attempt = 1) => {
    const timer = setTimeout(async () => {
      timers.delete(timer);
      if (stopped) return;
      try {
        await scheduler.triggerTask(id);
      } catch (e) {
        // ConflictError: the run that handed it over is not released yet, or another
        // instance took it meanwhile (then there is nothing to do).
        if (e?.name === 'ConflictError' && attempt < 5) {
          triggerLater(id, attempt + 1);
        } else if (e?.name !== 'ConflictError') {
          logger.warn(`Could not hand over ${id}: ${e}`);
        }
      }
    }, handOverDelayMs * attempt);
    timer.unref?.();
    timers.add(timer);
  };

  const runShard = async (index: number, id: string, signal: AbortSignal) => {
    if (shards > 1 && state.running > 0) {
      logger.debug(
        `${id}: this instance is running another refresh shard; handing it over`,
      );
      triggerLater(id);
      return;
    }
    state.running++;
    try {
      const started = Date.now();
      const result = await service.refreshAll({
        signal,
        only: shards > 1 ? ref => shardOf(ref, shards) === index : undefined,
        skipAssessedWithinMs,
      });
      if (shards > 1) {
        logger.info(
          `Refresh shard ${index + 1} of ${shards} (${id}): ${result.assessed} assessed, ${result.failed} could not be assessed, in ${
            Date.now() - started
          } ms`,
        );
      }
    } finally {
      state.running--;
    }
  };

  for (const [index, id] of ids.entries()) {
    await scheduler.scheduleTask({
      id,
      ...schedule,
      // The abort signal fires on timeout (and shutdown): the run then stops early, so it
      // never overlaps the next run, which another instance may start once the lock expires.
      fn: signal => runShard(index, id, signal),
    });
  }

  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
