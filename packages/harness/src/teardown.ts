// A stack of teardown steps: run in reverse order of registration, always to the end, so a failing test leaves
// no process, database or broker object behind; the first failure is reported after all steps ran.
export class Teardown {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  get size(): number {
    return this.steps.length;
  }

  /** Runs every step (last added first); rethrows the first failure, naming its step. */
  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        errors.push(
          new Error(`teardown of ${step.what} failed: ${(error as Error).message}`, { cause: error }),
        );
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
