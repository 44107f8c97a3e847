/** Types of the parts of `measure.mjs` the tests use. */
export interface Sample {
  wallMs: number;
  cpuMs: number | undefined;
  rssMb: number | undefined;
}

export interface Measured {
  label: string;
  command: string;
  runs: number;
  wallMs: number | undefined;
  cpuMs: number | undefined;
  rssMb: number | undefined;
  samples: Sample[];
}

export interface Command {
  key: string;
  label: string;
  nodeArgs: string[];
  okStatus?: (code: number | null, stderr: string) => boolean;
}

export function measureRounds(
  commands: Command[],
  options: { runs: number; warmup?: boolean; cwd?: string; env?: NodeJS.ProcessEnv; log?: (s: string) => void },
): Record<string, Measured>;

export function ratioInRounds(a: Pick<Measured, 'samples'>, b: Pick<Measured, 'samples'>, field: 'wallMs' | 'cpuMs'): number | undefined;

export function ratiosInRounds(a: Pick<Measured, 'samples'>, b: Pick<Measured, 'samples'>, field: 'wallMs' | 'cpuMs'): number[] | undefined;
