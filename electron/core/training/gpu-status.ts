// GPU utilisation, memory and temperature from nvidia-smi where the machine has one; a plain reason where it does not.
import { execFile } from 'node:child_process';

export interface GpuReading { index: number; name: string; utilization: number; memoryUsedMb: number; memoryTotalMb: number; temperatureC: number }
export type GpuStatus = { available: true; gpus: GpuReading[] } | { available: false; reason: string };

const QUERY = 'index,name,utilization.gpu,memory.used,memory.total,temperature.gpu';

/** Parses `nvidia-smi --query-gpu=<QUERY> --format=csv,noheader,nounits`; rows it cannot read are skipped. */
export function parseNvidiaSmi(csv: string): GpuReading[] {
  return csv.split('\n').map((l) => l.split(',').map((c) => c.trim())).filter((c) => c.length === 6).flatMap(([index, name, util, used, total, temp]) => {
    const n = [index, util, used, total, temp].map(Number);
    return n.every(Number.isFinite) ? [{ index: n[0]!, name: name!, utilization: n[1]!, memoryUsedMb: n[2]!, memoryTotalMb: n[3]!, temperatureC: n[4]! }] : [];
  });
}

export function readGpuStatus(binary = 'nvidia-smi', timeoutMs = 5000): Promise<GpuStatus> {
  return new Promise((resolve) => {
    execFile(binary, [`--query-gpu=${QUERY}`, '--format=csv,noheader,nounits'], { timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        return resolve({ available: false, reason: missing ? 'No NVIDIA driver tools (nvidia-smi) on this machine: training runs on the CPU or another GPU.' : `nvidia-smi failed: ${err.message.split('\n')[0]}` });
      }
      const gpus = parseNvidiaSmi(stdout);
      resolve(gpus.length > 0 ? { available: true, gpus } : { available: false, reason: 'nvidia-smi lists no GPU.' });
    });
  });
}
