/** Thrown by a `waitFor` condition to stop waiting at once (the awaited thing can no longer happen). */
export class WaitAborted extends Error {}

/**
 * Polls `condition` every `intervalMs` until it returns a truthy value, failing after `timeoutMs`.
 * A condition that throws counts as "not yet", unless it throws WaitAborted.
 */
export async function waitFor<T>(
  condition: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition().catch((error: unknown) => {
      if (error instanceof WaitAborted) throw error;
      return undefined;
    });
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
