import { execFile } from 'node:child_process';

/** One GPU as `nvidia-smi` reports it; a figure the driver does not report is undefined. */
export interface GpuSample {
  index: number;
  name: string;
  utilizationPercent: number | undefined;
  memoryUsedMb: number | undefined;
  memoryTotalMb: number | undefined;
  powerWatts: number | undefined;
  powerLimitWatts: number | undefined;
}

/** Runs a program and returns its stdout; rejects when it cannot run or fails. */
export type Exec = (file: string, args: readonly string[]) => Promise<string>;

export const execProgram: Exec = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 10_000, encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(new Error(`${file}: ${error.message}`, { cause: error }));
      else resolve(stdout);
    });
  });

export const NVIDIA_SMI_QUERY = [
  '--query-gpu=index,name,utilization.gpu,memory.used,memory.total,power.draw,power.limit',
  '--format=csv,noheader,nounits',
] as const;

const figure = (text: string | undefined): number | undefined => {
  const value = Number(text?.trim());
  return text === undefined || text.trim() === '' || !Number.isFinite(value) ? undefined : value; // "[N/A]" and friends
};

/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` output. */
export function parseNvidiaSmi(text: string): GpuSample[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [index, name, utilization, used, total, power, limit] = line.split(',').map((field) => field.trim());
      return {
        index: figure(index) ?? 0,
        name: name ?? 'unknown GPU',
        utilizationPercent: figure(utilization),
        memoryUsedMb: figure(used),
        memoryTotalMb: figure(total),
        powerWatts: figure(power),
        powerLimitWatts: figure(limit),
      };
    });
}

/** The GPUs `nvidia-smi` sees now; undefined when it is not installed or fails (no driver, no GPU). */
export async function queryGpus(exec: Exec = execProgram): Promise<GpuSample[] | undefined> {
  try {
    return parseNvidiaSmi(await exec('nvidia-smi', NVIDIA_SMI_QUERY));
  } catch {
    return undefined;
  }
}

/** "2 × NVIDIA H100 80GB HBM3", "NVIDIA A10G + Tesla T4", or "none". */
export function describeGpus(gpus: readonly GpuSample[] | undefined): string {
  if (!gpus || gpus.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const gpu of gpus) counts.set(gpu.name, (counts.get(gpu.name) ?? 0) + 1);
  return [...counts].map(([name, count]) => (count > 1 ? `${count} × ${name}` : name)).join(' + ');
}
