// Hook: the audio inputs the browser lists (labels appear once microphone permission is granted), kept current on devicechange.
import { useCallback, useEffect, useState } from 'react';

export interface InputDevice {
  id: string;
  label: string;
}

export function useInputDevices(): { devices: InputDevice[] | null; refresh(): void } {
  const [devices, setDevices] = useState<InputDevice[] | null>(null);
  const refresh = useCallback(() => {
    if (!navigator.mediaDevices?.enumerateDevices) {
      setDevices([]);
      return;
    }
    void navigator.mediaDevices.enumerateDevices().then(
      (all) =>
        setDevices(
          all
            .filter((d) => d.kind === 'audioinput')
            .map((d, i) => ({ id: d.deviceId, label: d.label || (d.deviceId === 'default' ? 'System default microphone' : `Microphone ${i + 1}`) })),
        ),
      () => setDevices([]),
    );
  }, []);
  useEffect(() => {
    refresh();
    const md = navigator.mediaDevices;
    md?.addEventListener('devicechange', refresh);
    return () => md?.removeEventListener('devicechange', refresh);
  }, [refresh]);
  return { devices, refresh };
}
