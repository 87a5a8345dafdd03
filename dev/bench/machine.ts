/**
 * The machine a bench ran on, and the load beside it: the summary table is labelled with both
 * (figures taken on a shared machine mean little without the load average they ran under).
 */
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  /** e.g. "2 × AMD EPYC 7B13, 24 GB, Node v20.20.0" */
  description: string;
  cores: number;
}

export function describeMachine(): Machine {
  const cpu = cpus();
  return {
    description: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    cores: cpu.length,
  };
}

export interface LoadFigures {
  /** The 1-minute load average, lowest, mean and highest of the samples taken during the run. */
  min: number;
  mean: number;
  max: number;
  samples: number;
}

/** "load average 6.1–11.3 (mean 8.5) on 2 cores". */
export function describeLoad(load: LoadFigures, cores: number): string {
  return `load average (1 min) ${load.min.toFixed(1)}–${load.max.toFixed(1)}, mean ${load.mean.toFixed(1)}, on ${cores} cores`;
}

/** Samples the 1-minute load average every `everyMs` (and once at the start and at stop()). */
export function sampleLoad(everyMs = 10_000): { stop: () => LoadFigures } {
  const samples: number[] = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]!);
      return {
        min: Math.min(...samples),
        mean: samples.reduce((a, b) => a + b, 0) / samples.length,
        max: Math.max(...samples),
        samples: samples.length,
      };
    },
  };
}
