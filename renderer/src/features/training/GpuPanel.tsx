// The GPUs as nvidia-smi sees them, refreshed every few seconds while a run is active: utilisation, memory, temperature.
import { useEffect } from 'react';
import { useCall } from '../../api/use-call';
import { ProgressBar } from '../../components/ProgressBar';

export function GpuPanel({ active }: { active: boolean }) {
  const gpus = useCall('training:gpus', {});
  const { refresh } = gpus;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => void refresh(), 5000);
    return () => clearInterval(t);
  }, [active, refresh]);
  const s = gpus.data;
  if (!s) return null;
  if (!s.available) {
    return (
      <p className="muted gpu-panel__none" data-testid="gpu-none">
        {s.reason}
      </p>
    );
  }
  return (
    <ul className="gpu-panel" data-testid="gpu-panel">
      {s.gpus.map((g) => (
        <li key={g.index} className="gpu-panel__gpu">
          <span className="gpu-panel__name">
            GPU {g.index} · {g.name} · {g.temperatureC} °C
          </span>
          <span className="muted">utilisation {g.utilization}%</span>
          <ProgressBar current={g.utilization} total={100} label={`GPU ${g.index} utilisation`} />
          <span className="muted">
            memory {(g.memoryUsedMb / 1024).toFixed(1)} / {(g.memoryTotalMb / 1024).toFixed(1)} GB
          </span>
          <ProgressBar current={g.memoryUsedMb} total={Math.max(1, g.memoryTotalMb)} label={`GPU ${g.index} memory`} />
        </li>
      ))}
    </ul>
  );
}
