import type { ArgsDef, CommandDef } from 'citty';

/** What a command hands back to main.ts, the only place that prints and sets the exit code. */
export interface CommandOutcome {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

export interface CliContext {
  /** Whether stdout is a colour-capable terminal. */
  colors: boolean;
}

export type Py2kubeCommand<T extends ArgsDef = ArgsDef> = CommandDef<T>;
