import { RequestFacts } from '../knobs';
import { World } from '../world';

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** What every request goes through first, whatever its service: counted, then delayed. */
export async function admit(world: World, facts: RequestFacts): Promise<void> {
  world.stats.record(facts);
  const latency = world.faults.latencyOf(facts);
  if (latency > 0) {
    await sleep(latency);
  }
}
