// Speak with one voice: text, vocoder and seed in; a synthesis:speak job followed and heard sentence by sentence; the WAV with its flagged words, real-time factor, provider and slip report out.
import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { CallOutput, Job } from '../../../../electron/shared/contract';
import { SpeakResultSchema, type SpeakResult } from '../../../../electron/shared/domains/synthesis';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDuration } from '../../components/format';
import { JobProgress } from '../datasets/JobProgress';
import { useJob } from '../datasets/use-job';
import { SlipReport } from './SlipReport';
import { SpeechWaveform } from './SpeechWaveform';
import { useSpeechStream } from './use-speech-stream';
import { useVoiceInfo, vocoderLabel } from './voice-info';

type Voice = CallOutput<'voices:list'>[number];

const MAX_SEED = 2 ** 31 - 1;
const randomSeed = (): number => Math.floor(Math.random() * MAX_SEED);

export function SpeakPanel({ voice }: { voice: Voice }) {
  const { client, mediaUrl } = useStudio();
  const info = useVoiceInfo(voice.path);
  const vocoders = info?.state === 'ready' ? info.info.vocoders : [];
  const [text, setText] = useState('');
  const [vocoder, setVocoder] = useState('');
  const [seed, setSeed] = useState<string>(() => String(randomSeed()));
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<SpeakResult | null>(null);
  const [resultError, setResultError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const [audioEl, setAudioEl] = useState<HTMLAudioElement | null>(null);
  const [listen, setListen] = useState(true);
  const stream = useSpeechStream(listen);

  const onFinished = useCallback((job: Job) => {
    stream.finished();
    if (job.state !== 'succeeded') return;
    const parsed = SpeakResultSchema.safeParse(job.result);
    if (parsed.success) {
      setResult(parsed.data);
      setResultError(null);
    } else {
      setResultError(`The speech job finished with a result this studio cannot read (${parsed.error.issues[0]?.message ?? 'unknown shape'}).`);
    }
  }, [stream]);
  const followed = useJob(onFinished, 'synthesis:speak');

  const speak = useAction(async (withSeed: number) => {
    const { job } = await client.call('synthesis:speak', {
      voiceId: voice.id,
      text,
      seed: withSeed,
      batch: 8,
      provider: 'auto',
      ...(vocoder ? { vocoder } : {}),
    });
    followed.follow(job);
    stream.follow(job);
  });

  const start = (withSeed: number) => {
    if (!text.trim()) {
      setProblem('Type something for the voice to say first.');
      return;
    }
    if (!Number.isInteger(withSeed) || withSeed < 0 || withSeed > MAX_SEED) {
      setProblem(`The seed must be a whole number from 0 to ${MAX_SEED}.`);
      return;
    }
    setProblem(null);
    // Inside the click: only a user gesture may start audio.
    stream.arm();
    void speak.run(withSeed);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start(Number(seed));
  };
  const anotherTake = () => {
    const next = randomSeed();
    setSeed(String(next));
    start(next);
  };
  const playFrom = useCallback((seconds: number) => {
    const el = audio.current;
    if (!el) return;
    stream.stop();
    el.currentTime = seconds;
    void el.play().catch(() => undefined);
  }, [stream]);

  const busy = followed.running || speak.pending;
  return (
    <div className="speak" data-testid="speak-panel">
      <form className="card speak__form" onSubmit={submit} aria-label="Speak" noValidate>
        <div className="speak__voice">
          <h2 className="card__title" data-testid="speak-voice-name">
            {voice.name}
          </h2>
          <span className="muted">
            {voice.language} · <code>{voice.path}</code>
            {info?.state === 'ready' && info.info.sampleRate ? ` · ${info.info.sampleRate / 1000} kHz` : ''}
          </span>
        </div>
        {info?.state === 'error' ? (
          <div className="notice notice--error" role="alert" data-testid="voice-load-error">
            <div className="notice__body">
              <p className="notice__message">This voice could not be read: {info.message}.</p>
              <p className="notice__hint">Export the voice again from Training, or check that its folder still holds voice.json and the ONNX files.</p>
            </div>
          </div>
        ) : null}
        <label className="field">
          <span className="field__row">
            <span className="field__label">Text</span>
            <span className="muted speak__count" data-testid="speak-count">
              {text.length.toLocaleString()} character{text.length === 1 ? '' : 's'}
            </span>
          </span>
          <textarea
            className="input speak__text"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (problem) setProblem(null);
            }}
            rows={5}
            maxLength={2_000_000}
            placeholder="Type a few sentences for the voice to read."
            aria-label="Text to speak"
            aria-invalid={problem !== null && !text.trim()}
            data-testid="speak-text"
          />
        </label>
        <div className="speak__options">
          <label className="field">
            <span className="field__label">Vocoder</span>
            <select className="input select" value={vocoder} onChange={(e) => setVocoder(e.target.value)} aria-label="Vocoder" data-testid="speak-vocoder">
              <option value="">Voice default{vocoders[0] ? ` (${vocoderLabel(vocoders[0])})` : ''}</option>
              {vocoders.map((v) => (
                <option key={v.name} value={v.name}>
                  {vocoderLabel(v)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Seed</span>
            <input className="input input--mono input--number speak__seed" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value.replace(/\D/g, ''))} aria-label="Seed" data-testid="speak-seed" />
          </label>
          <label className="checkbox speak__listen" title="Hear the first sentence as soon as it is ready, while the rest are still being computed">
            <input type="checkbox" checked={listen} onChange={(e) => { setListen(e.target.checked); if (!e.target.checked) stream.stop(); }} data-testid="speak-listen" />
            <span>Play as it renders</span>
          </label>
          <div className="speak__buttons">
            <button type="button" className="btn" onClick={anotherTake} disabled={busy} data-testid="another-take" title="A new random seed: the same text, read a little differently">
              Another take
            </button>
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="speak-start">
              Speak
            </button>
          </div>
        </div>
        {problem ? (
          <p className="field__problem" role="alert" data-testid="speak-problem">
            {problem}
          </p>
        ) : null}
        {speak.error ? <ErrorNotice error={speak.error} onDismiss={speak.clearError} testId="speak-error" /> : null}
        {followed.job || followed.running ? (
          <JobProgress
            followed={followed}
            verb="Speech"
            unit="sentences"
            testId="speak-job"
            success={(job) => <p>Spoke {typeof job.result === 'object' && job.result !== null && 'sentences' in job.result && Array.isArray(job.result.sentences) ? job.result.sentences.length : 0} sentence(s).</p>}
          />
        ) : null}
        {listen && stream.scheduled > 0 ? (
          <p className="muted speak__stream" data-testid="speak-stream" data-scheduled={stream.scheduled} data-started-early={stream.startedEarly} aria-live="polite">
            {stream.playing !== null
              ? `Playing sentence ${stream.playing + 1} of ${stream.total}${followed.running ? ' while the rest render' : ''}.`
              : `${stream.scheduled} of ${stream.total} sentence${stream.total === 1 ? '' : 's'} heard as they rendered.`}{' '}
            {stream.playing !== null ? <button type="button" className="btn btn--small btn--ghost" onClick={stream.stop} data-testid="speak-stream-stop">Stop</button> : null}
          </p>
        ) : null}
        {stream.error ? <p className="field__problem" role="alert">Could not play a sentence as it rendered: {stream.error}</p> : null}
        {resultError ? (
          <p className="field__problem" role="alert">
            {resultError}
          </p>
        ) : null}
      </form>

      {result ? (
        <div className="card speak__result" data-testid="speak-result" data-path={result.path} data-seed={result.seed}>
          <div className="speak__player">
            <SpeechWaveform result={result} media={audioEl} />
            <audio ref={(el) => { audio.current = el; setAudioEl(el); }} key={result.path} controls preload="metadata" src={mediaUrl(result.path)} data-testid="speak-audio" onPlay={stream.stop} />
          </div>
          <dl className="speak__facts">
            <div>
              <dt>Length</dt>
              <dd data-testid="speak-seconds">{formatDuration(result.audioSeconds)}</dd>
            </div>
            <div>
              <dt>Real-time factor</dt>
              <dd data-testid="speak-rtf" title={`${result.computeSeconds.toFixed(2)} s of compute for ${result.audioSeconds.toFixed(2)} s of audio`}>
                {result.rtf.toFixed(3)}
                <span className="muted"> {result.rtf < 1 ? '(faster than real time)' : '(slower than real time)'}</span>
              </dd>
            </div>
            <div>
              <dt>Vocoder</dt>
              <dd>{result.vocoder}</dd>
            </div>
            <div>
              <dt>Seed</dt>
              <dd className="mono">{result.seed}</dd>
            </div>
          </dl>
          <p className="speak__provider muted" data-testid="speak-provider">
            <span className="badge badge--provider">{result.provider.chosen}</span> {result.provider.text}
          </p>
          <SlipReport result={result} playFrom={playFrom} />
        </div>
      ) : null}
    </div>
  );
}
