/** One piece of the dev stack: started in order, stopped in reverse. */
export interface Stage {
  name: string;
  start: () => Promise<string | void>; // resolves with a one-line summary
  stop?: () => Promise<void>;
}

export class StageFailure extends Error {
  readonly stage: string;

  constructor(stage: string, cause: unknown) {
    super(`stage "${stage}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.stage = stage;
  }
}

/**
 * Starts each stage in turn with progress output. If one fails, the stages already started are
 * stopped again, so a failed start leaves nothing running, and the failure names its stage.
 */
export async function runStages(stages: Stage[], log: (line: string) => void) {
  const started: Stage[] = [];
  const stopAll = async () => {
    for (const stage of started.reverse()) {
      try {
        await stage.stop?.();
        log(`■ ${stage.name} stopped`);
      } catch (error) {
        log(`■ ${stage.name} did not stop cleanly: ${(error as Error).message}`);
      }
    }
    started.length = 0;
  };
  for (const stage of stages) {
    const t0 = performance.now();
    log(`▶ ${stage.name}…`);
    try {
      const summary = await stage.start();
      started.push(stage);
      log(`✔ ${stage.name}${summary ? `: ${summary}` : ""} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      // A stage that failed half-way may still hold resources.
      started.push(stage);
      const failure = new StageFailure(stage.name, error);
      log(`✖ ${failure.message}`);
      await stopAll();
      throw failure;
    }
  }
  return stopAll;
}
