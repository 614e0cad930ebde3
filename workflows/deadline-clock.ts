// One timer for many waits: a process that waits for hundreds of people, each with a reminder and an
// expiry, would otherwise start a timer per person (a history event and a server task each, and several
// tracked promises in the worker's memory). People invited together fall due together, so the clock
// keeps a single timer for the earliest deadline and re-arms it only when that deadline changes.
import { condition, isCancellation } from '@temporalio/workflow';

export class DeadlineClock {
  private readonly deadlines = new Map<number, number>();
  private nextWaitId = 0;
  private ticking = false;

  /** Resolves once `done()` holds or the workflow clock reaches `at` (epoch ms), like `condition(done, at - now)`. */
  until(done: () => boolean, at: number): Promise<void> {
    const id = this.nextWaitId++;
    this.deadlines.set(id, at);
    if (!this.ticking) {
      this.ticking = true;
      this.tick().catch((error: unknown) => {
        this.ticking = false;
        if (!isCancellation(error)) throw error;
      });
    }
    // No wrapper promise per wait: the worker keeps a stack trace for every pending one, and there are hundreds.
    return condition(() => {
      const over = done() || Date.now() >= at;
      if (over) this.deadlines.delete(id);
      return over;
    });
  }

  private earliest(): number | undefined {
    let earliest: number | undefined;
    for (const at of this.deadlines.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  private async tick(): Promise<void> {
    for (;;) {
      const target = this.earliest();
      // Decided in the same step that finds nothing due, so a wait added later starts a new tick.
      if (target === undefined) {
        this.ticking = false;
        return;
      }
      const moved = await condition(() => this.earliest() !== target, Math.max(1, target - Date.now()));
      // The timer fired: the waits due now see the new time and leave; wait for them before re-arming.
      if (!moved) await condition(() => this.earliest() !== target);
    }
  }
}
