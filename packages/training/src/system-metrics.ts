import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem } from 'node:os';
import type { Logger } from '@mlops-actions/common';
import { errorMessage } from '@mlops-actions/common';
import type { Metric, MlflowHttp } from '@mlops-actions/mlflow';
import type { GpuSample } from './gpu.js';
import { createMetricSender } from './metric-sender.js';

const MB = 1024 * 1024;

export interface SystemMetricsOptions {
  http: MlflowHttp;
  runId: string;
  logger: Logger;
  /** The directory whose disk is measured (the working directory). */
  diskPath: string;
  /** Seconds between samples, as MLflow's own monitor (default 10 s). */
  intervalMs?: number;
  /** GPU figures now; none when absent (no nvidia-smi, or gpu: none). */
  sampleGpus?: () => Promise<GpuSample[] | undefined>;
  now?: () => number;
}

export interface SystemMetrics {
  /** Takes a last sample, sends what is pending and stops; returns the number of samples taken. */
  stop(): Promise<number>;
  /** After a stop that could not send everything: sends what is still pending (throws while MLflow fails). */
  flush(): Promise<void>;
}

interface CpuTimes {
  idle: number;
  total: number;
}

function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq + cpu.times.idle;
  }
  return { idle, total };
}

/** Bytes received and sent on every interface but loopback since boot (Linux); undefined elsewhere. */
async function networkBytes(): Promise<{ received: number; sent: number } | undefined> {
  try {
    const text = await readFile('/proc/net/dev', 'utf8');
    let received = 0;
    let sent = 0;
    for (const line of text.split('\n').slice(2)) {
      const [name, data] = line.split(':');
      if (!data || name?.trim() === 'lo') continue;
      const fields = data.trim().split(/\s+/).map(Number);
      received += fields[0] ?? 0;
      sent += fields[8] ?? 0;
    }
    return { received, sent };
  } catch {
    return undefined;
  }
}

/**
 * Samples CPU, memory, disk, network and GPU use while a command runs and logs them to the run under
 * MLflow's own system-metric names (`system/cpu_utilization_percentage`, `system/gpu_0_utilization_percentage`, …),
 * one step per sample, as MLflow's system metrics monitor does.
 */
export function startSystemMetrics(options: SystemMetricsOptions): SystemMetrics {
  const now = options.now ?? Date.now;
  const sender = createMetricSender(options.http, options.runId);
  let step = 0;
  let lastCpu = cpuTimes();
  const firstNetwork = networkBytes();
  let busy: Promise<void> = Promise.resolve();

  const sample = async (): Promise<void> => {
    const timestamp = now();
    const values: Record<string, number> = {};
    const cpu = cpuTimes();
    const elapsed = cpu.total - lastCpu.total;
    if (elapsed > 0) values.cpu_utilization_percentage = 100 * (1 - (cpu.idle - lastCpu.idle) / elapsed);
    lastCpu = cpu;
    const total = totalmem();
    const used = total - freemem();
    values.system_memory_usage_megabytes = used / MB;
    values.system_memory_usage_percentage = (100 * used) / total;
    try {
      const disk = await statfs(options.diskPath);
      const diskTotal = disk.blocks * disk.bsize;
      const available = disk.bavail * disk.bsize;
      values.disk_usage_megabytes = (diskTotal - disk.bfree * disk.bsize) / MB;
      values.disk_available_megabytes = available / MB;
      values.disk_usage_percentage = (100 * (diskTotal - disk.bfree * disk.bsize)) / diskTotal;
    } catch {
      // A vanished working directory is no reason to stop measuring the rest.
    }
    const [start, network] = await Promise.all([firstNetwork, networkBytes()]);
    if (start && network) {
      values.network_receive_megabytes = (network.received - start.received) / MB;
      values.network_transmit_megabytes = (network.sent - start.sent) / MB;
    }
    for (const gpu of (await options.sampleGpus?.()) ?? []) {
      const prefix = `gpu_${gpu.index}_`;
      if (gpu.utilizationPercent !== undefined) values[`${prefix}utilization_percentage`] = gpu.utilizationPercent;
      if (gpu.memoryUsedMb !== undefined) values[`${prefix}memory_usage_megabytes`] = gpu.memoryUsedMb;
      if (gpu.memoryUsedMb !== undefined && gpu.memoryTotalMb)
        values[`${prefix}memory_usage_percentage`] = (100 * gpu.memoryUsedMb) / gpu.memoryTotalMb;
      if (gpu.powerWatts !== undefined) values[`${prefix}power_usage_watts`] = gpu.powerWatts;
      if (gpu.powerWatts !== undefined && gpu.powerLimitWatts)
        values[`${prefix}power_usage_percentage`] = (100 * gpu.powerWatts) / gpu.powerLimitWatts;
    }
    const points: Metric[] = Object.entries(values).map(([name, value]) => ({ key: `system/${name}`, value, timestamp, step }));
    step++;
    sender.add(points);
    await sender.flush();
  };

  const tick = (): void => {
    busy = busy.then(sample).catch((error: unknown) => options.logger.warning(`system metrics: ${errorMessage(error)} (will retry)`));
  };
  const timer = setInterval(tick, options.intervalMs ?? 10_000);

  return {
    async stop() {
      clearInterval(timer);
      tick();
      await busy;
      if (sender.pending > 0) {
        try {
          await sender.flush();
        } catch (error) {
          options.logger.warning(`${sender.pending} system metric points were not logged yet: ${errorMessage(error)}`);
        }
      }
      return step;
    },
    async flush() {
      await sender.flush();
    },
  };
}
