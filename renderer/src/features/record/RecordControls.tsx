// The record button, elapsed time, input picker, level meter and live waveform — plus honest states when the microphone is not usable.
import type { InputDevice } from './capture/use-input-devices';
import type { Recorder } from './capture/use-recorder';
import type { MicProblem } from './capture/microphone';
import { LevelMeter } from './capture/LevelMeter';
import { LiveWaveform } from './capture/LiveWaveform';

interface Props {
  recorder: Recorder;
  devices: InputDevice[] | null;
  canRecord: boolean;
  onToggle(): void;
}

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

function MicProblemNotice({ problem }: { problem: MicProblem }) {
  const text: Record<MicProblem['kind'], [string, string]> = {
    denied: [
      'The microphone is blocked for Voicewright.',
      'Allow microphone access: in a browser, click the lock or tune icon left of the address and set Microphone to Allow; on macOS also check System Settings → Privacy & Security → Microphone. Then press R again.',
    ],
    'no-device': ['No microphone was found.', 'Connect a microphone (or choose another input below) and press R again.'],
    busy: ['The microphone could not be opened.', 'Another application may be using it exclusively; close it, or pick another input, and press R again.'],
    unsupported: ['This browser cannot record audio here.', 'Open the studio in a current Chromium-based browser, or use the desktop app.'],
  };
  const [message, hint] = text[problem.kind];
  return (
    <div className="notice notice--error" role="alert" data-testid={`mic-${problem.kind}`}>
      <div className="notice__body">
        <p className="notice__message">{message}</p>
        <p className="notice__hint">
          {hint}
          {problem.kind === 'busy' ? ` (${problem.message})` : ''}
        </p>
      </div>
    </div>
  );
}

export function RecordControls({ recorder, devices, canRecord, onToggle }: Props) {
  const recording = recorder.status === 'recording';
  const label = recording ? 'Stop' : recorder.status === 'opening' ? 'Opening microphone…' : recorder.status === 'finishing' ? 'Checking the take…' : 'Record';
  const noInputs = devices !== null && devices.length === 0;
  return (
    <div className={`card record-controls${recording ? ' record-controls--live' : ''}`} data-testid="record-controls" data-status={recorder.status}>
      <div className="record-controls__row">
        <button
          type="button"
          className={`record-button${recording ? ' record-button--stop' : ''}`}
          onClick={onToggle}
          disabled={!canRecord || recorder.status === 'opening' || recorder.status === 'finishing'}
          data-testid="record-button"
          aria-keyshortcuts="R"
        >
          <span className="record-button__dot" aria-hidden="true" />
          {label}
        </button>
        <div className="record-controls__time" aria-live="off">
          <span className="record-controls__clock" data-testid="take-seconds" data-seconds={recorder.savedSeconds.toFixed(2)}>
            {clock(recording || recorder.status === 'finishing' ? recorder.capturedSeconds : 0)}
          </span>
          <span className="muted record-controls__saved">
            {recording ? `${recorder.savedSeconds.toFixed(1)} s on disk` : recorder.sampleRate ? `${(recorder.sampleRate / 1000).toFixed(1)} kHz mono, raw` : 'Microphone opens when you record'}
          </span>
        </div>
        <span className="record-controls__spacer" />
        <label className="field__row record-controls__device">
          <span className="field__label">Input</span>
          <select
            className="input select"
            disabled={recording || noInputs}
            onChange={(e) => recorder.setDevice(e.target.value || null)}
            data-testid="device-select"
            defaultValue=""
          >
            <option value="">{recorder.deviceLabel ? `Default (${recorder.deviceLabel})` : 'System default'}</option>
            {(devices ?? [])
              .filter((d) => d.id !== '' && d.id !== 'default')
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
          </select>
        </label>
      </div>
      {recorder.problem ? <MicProblemNotice problem={recorder.problem} /> : null}
      {noInputs && !recorder.problem ? <MicProblemNotice problem={{ kind: 'no-device' }} /> : null}
      <LiveWaveform stream={recorder.stream} recording={recording} />
      <LevelMeter signal={recorder.signal} live={recorder.sampleRate !== null} />
    </div>
  );
}
