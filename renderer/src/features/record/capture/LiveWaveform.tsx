// The microphone's last seconds as a scrolling waveform, drawn by wavesurfer.js from the live stream while the input is open.
import { useEffect, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RecordPlugin from 'wavesurfer.js/dist/plugins/record.esm.js';
import { cssVar } from '../../../components/dom';

export function LiveWaveform({ stream, recording }: { stream: MediaStream | null; recording: boolean }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el || !stream) return;
    const ws = WaveSurfer.create({
      container: el,
      height: 84,
      waveColor: cssVar(el, recording ? '--wave-live' : '--wave-idle', '#888'),
      cursorWidth: 0,
      interact: false,
      normalize: false,
    });
    // Only the drawing: the take itself is captured sample-exact by the AudioWorklet, never by MediaRecorder.
    const record = ws.registerPlugin(RecordPlugin.create({ scrollingWaveform: true, scrollingWaveformWindow: 6 }));
    const mic = record.renderMicStream(stream);
    return () => {
      mic.onDestroy();
      ws.destroy();
    };
  }, [stream, recording]);

  return (
    <div ref={container} className={`wave${recording ? ' wave--recording' : ''}`} data-testid="live-waveform" data-live={stream !== null} aria-label="Live waveform of the microphone input" role="img">
      {stream ? null : <span className="wave__idle muted">The waveform appears when the microphone is open.</span>}
    </div>
  );
}
