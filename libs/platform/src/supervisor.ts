import { ChildProcess, spawn } from 'node:child_process';

/** EX_CONFIG (sysexits.h): the service's configuration is wrong; restarting would not help. */
export const EXIT_CONFIG = 78;

export interface SupervisedProgram {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  /** The supervisor's own lines ("restarting …"). */
  say: (line: string) => void;
  /** Each program's output, as it comes. */
  output?: (name: string, chunk: Buffer) => void;
  /** First restart after this, doubled each time up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A program that ran this long before dying starts again from the first delay. */
  stableAfterMs?: number;
}

interface Slot {
  program: SupervisedProgram;
  child: ChildProcess | null;
  restarts: number;
  delayMs: number;
  startedAt: number;
  timer: NodeJS.Timeout | null;
  done: boolean;
}

/**
 * `npm start`'s supervisor: one service dying does not stop the others; it is started again
 * after a growing delay, and says so. A service that exits with EX_CONFIG (78: a wrong setting,
 * a wrong token PIN) is left stopped with the reason, since it would only fail the same way again.
 */
export class Supervisor {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly settled: Promise<void>;
  private resolveSettled!: () => void;

  constructor(
    programs: readonly SupervisedProgram[],
    private readonly options: SupervisorOptions,
  ) {
    this.slots = programs.map((program) => ({
      program,
      child: null,
      restarts: 0,
      delayMs: options.initialDelayMs ?? 1000,
      startedAt: 0,
      timer: null,
      done: false,
    }));
    this.settled = new Promise((resolve) => (this.resolveSettled = resolve));
  }

  start(): void {
    for (const slot of this.slots) this.launch(slot);
  }

  /** Settles when no program runs any more and none will be started again. */
  whenAllStopped(): Promise<void> {
    return this.settled;
  }

  /** SIGTERM to every program (each finishes its in-flight work), then waits for them all. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (!slot.child) slot.done = true;
      slot.child?.kill('SIGTERM');
    }
    this.checkSettled();
    await this.settled;
  }

  private launch(slot: Slot): void {
    slot.timer = null;
    slot.startedAt = Date.now();
    const child = spawn(slot.program.command, slot.program.args, {
      env: slot.program.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    slot.child = child;
    const output = (chunk: Buffer) => this.options.output?.(slot.program.name, chunk);
    child.stdout?.on('data', output);
    child.stderr?.on('data', output);
    child.on('error', (error) => this.options.say(`${slot.program.name} could not start: ${error.message}`));
    child.on('exit', (code, signal) => this.exited(slot, code, signal));
  }

  private exited(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    slot.child = null;
    const name = slot.program.name;
    if (this.stopping) {
      slot.done = true;
      this.checkSettled();
      return;
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
    if (code === EXIT_CONFIG) {
      slot.done = true;
      this.options.say(
        `${name} ${how} (EX_CONFIG: a configuration error, e.g. a wrong setting or token PIN): not restarted; ` +
          `fix the configuration named in its log, then start it again`,
      );
      this.checkSettled();
      return;
    }
    if (Date.now() - slot.startedAt >= (this.options.stableAfterMs ?? 60_000))
      slot.delayMs = this.options.initialDelayMs ?? 1000;
    slot.restarts++;
    this.options.say(
      `${name} ${how}; restarting it in ${(slot.delayMs / 1000).toFixed(1)} s (restart ${slot.restarts}); the others go on`,
    );
    slot.timer = setTimeout(() => this.launch(slot), slot.delayMs);
    slot.delayMs = Math.min(slot.delayMs * 2, this.options.maxDelayMs ?? 30_000);
  }

  private checkSettled(): void {
    if (this.slots.every((slot) => slot.done && !slot.child)) this.resolveSettled();
  }
}
