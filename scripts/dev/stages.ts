/** Registers how to stop something a stage has started; a stage's stops run in reverse order. */
export type OnStop = (stop: () => Promise<void>) => void;

/** What a stage hands on to the stages after it, and its one-line summary. */
export interface StageResult<T> {
  output: T;
  summary?: string;
}

export class StageFailure extends Error {
  readonly stage: string;

  constructor(stage: string, cause: unknown) {
    super(`stage "${stage}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.stage = stage;
  }
}

/**
 * Runs the stages of a stack one at a time, with progress output, and stops them again in reverse
 * order. If one fails, the stages already started are stopped, so a failed start leaves nothing
 * running, and the failure names its stage.
 */
export function stageRunner(log: (line: string) => void) {
  const started: { name: string; stops: (() => Promise<void>)[] }[] = [];

  async function stopAll() {
    for (const stage of started.splice(0).reverse()) {
      let failure: unknown;
      for (const stop of stage.stops.reverse()) await stop().catch((error: unknown) => (failure ??= error));
      log(failure ? `■ ${stage.name} did not stop cleanly: ${(failure as Error).message}` : `■ ${stage.name} stopped`);
    }
  }

  async function run<T>(name: string, start: (onStop: OnStop) => Promise<StageResult<T>>): Promise<T> {
    const t0 = performance.now();
    log(`▶ ${name}…`);
    // Registered before it starts: a stage that fails half-way may already hold resources.
    const stage = { name, stops: [] as (() => Promise<void>)[] };
    started.push(stage);
    try {
      const { output, summary } = await start((stop) => stage.stops.push(stop));
      log(`✔ ${name}${summary ? `: ${summary}` : ""} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      return output;
    } catch (error) {
      const failure = new StageFailure(name, error);
      log(`✖ ${failure.message}`);
      await stopAll();
      throw failure;
    }
  }

  return { run, stopAll };
}
