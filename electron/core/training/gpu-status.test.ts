// nvidia-smi readings: parsed from its CSV, and a clear reason on machines without it.
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, readGpuStatus } from './gpu-status';

describe('GPU status', () => {
  it('reads nvidia-smi CSV rows, skipping what it cannot parse', () => {
    const csv = '0, NVIDIA GeForce GTX 1080, 97, 7012, 8192, 71\n1, NVIDIA H200, [N/A], 10, 143771, 30\ngarbage\n';
    expect(parseNvidiaSmi(csv)).toEqual([{ index: 0, name: 'NVIDIA GeForce GTX 1080', utilization: 97, memoryUsedMb: 7012, memoryTotalMb: 8192, temperatureC: 71 }]);
  });

  it('says plainly when there is no nvidia-smi', async () => {
    const s = await readGpuStatus('/nonexistent/nvidia-smi');
    expect(s).toEqual({ available: false, reason: expect.stringMatching(/No NVIDIA driver tools/) });
  });
});
