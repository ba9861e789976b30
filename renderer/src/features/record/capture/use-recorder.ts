// Hook: the recorder's state machine — microphone, live signal, and one take streamed to the backend at a time.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Take } from '../../../../../electron/shared/domains/corpus';
import type { ApiError } from '../../../../../electron/shared/errors';
import { toApiError } from '../../../api/errors';
import { useStudio } from '../../../api/use-studio';
import { LiveSignal } from './live-signal';
import { Microphone, MicrophoneError, type MicProblem } from './microphone';
import { TakeUploader } from './take-uploader';

export type RecorderStatus = 'idle' | 'opening' | 'recording' | 'finishing';

export interface Recorder {
  status: RecorderStatus;
  problem: MicProblem | null;
  error: ApiError | null;
  /** Seconds of the take that reached the disk, and seconds captured so far. */
  savedSeconds: number;
  capturedSeconds: number;
  sampleRate: number | null;
  deviceLabel: string | null;
  /** The open microphone's stream (null while closed), drawn by the live waveform. */
  stream: MediaStream | null;
  signal: LiveSignal;
  /** Opens the microphone (if needed) and starts a take of this prompt. */
  start(speakerId: number, promptId: number): Promise<void>;
  /** Ends the take; resolves to the checked take, or null when it failed. */
  stop(): Promise<Take | null>;
  setDevice(deviceId: string | null): void;
  clearError(): void;
}

export function useRecorder(onOpened?: () => void): Recorder {
  const { client } = useStudio();
  const [status, setStatus] = useState<RecorderStatus>('idle');
  const [problem, setProblem] = useState<MicProblem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [savedSeconds, setSavedSeconds] = useState(0);
  const [capturedSeconds, setCapturedSeconds] = useState(0);
  const [mic, setMic] = useState<Microphone | null>(null);
  const [signal] = useState(() => new LiveSignal());
  const micRef = useRef<Microphone | null>(null);
  const uploader = useRef<TakeUploader | null>(null);
  const deviceId = useRef<string | null>(null);
  const opened = useRef(onOpened);
  opened.current = onOpened;

  const onBlock = useCallback(
    (block: Float32Array) => {
      signal.push(block);
      const up = uploader.current;
      if (!up) return;
      up.add(block);
      // Tenths only: React skips the render when the value has not changed.
      setCapturedSeconds(Math.floor((up.capturedFrames / up.sampleRate) * 10) / 10);
    },
    [signal],
  );

  const closeMic = useCallback(() => {
    micRef.current?.close();
    micRef.current = null;
    setMic(null);
  }, []);

  useEffect(() => closeMic, [closeMic]);

  const ensureMic = useCallback(async (): Promise<Microphone | null> => {
    if (micRef.current) return micRef.current;
    try {
      const opened_ = await Microphone.open(deviceId.current, onBlock);
      micRef.current = opened_;
      setMic(opened_);
      setProblem(null);
      opened.current?.();
      return opened_;
    } catch (err) {
      if (err instanceof MicrophoneError) setProblem(err.problem);
      else setError(toApiError(err));
      return null;
    }
  }, [onBlock]);

  const start = useCallback(
    async (speakerId: number, promptId: number) => {
      if (uploader.current) return;
      setError(null);
      setStatus('opening');
      const m = await ensureMic();
      if (!m) {
        setStatus('idle');
        return;
      }
      signal.reset();
      setSavedSeconds(0);
      setCapturedSeconds(0);
      // Capture starts now; chunks wait in the uploader's queue until the backend has opened the take.
      const takeId = client.call('corpus:startTake', { speakerId, promptId, sampleRate: Math.round(m.sampleRate) }).then((t) => t.takeId);
      const up = new TakeUploader(client, takeId, m.sampleRate, setSavedSeconds, (e) => {
        // A chunk that cannot be stored ends the take; what reached the disk is closed and checked as usual.
        setError(e);
        if (uploader.current !== up) return;
        uploader.current = null;
        setStatus('idle');
        void takeId.then((id) => client.call('corpus:finishTake', { takeId: id })).catch(() => undefined);
      });
      uploader.current = up;
      takeId.catch(() => undefined);
      setStatus('recording');
    },
    [client, ensureMic, signal],
  );

  const stop = useCallback(async (): Promise<Take | null> => {
    const up = uploader.current;
    if (!up) return null;
    uploader.current = null;
    setStatus('finishing');
    try {
      return await up.finish();
    } catch (err) {
      setError(toApiError(err));
      return null;
    } finally {
      setStatus('idle');
    }
  }, []);

  const setDevice = useCallback(
    (id: string | null) => {
      if (id === deviceId.current) return;
      deviceId.current = id;
      if (uploader.current) return;
      // Reopen right away when the input was already live, so the meter shows the new device.
      const wasOpen = micRef.current !== null;
      closeMic();
      if (wasOpen) void ensureMic();
    },
    [closeMic, ensureMic],
  );

  return {
    status,
    problem,
    error,
    savedSeconds,
    capturedSeconds,
    sampleRate: mic?.sampleRate ?? null,
    deviceLabel: mic?.label ?? null,
    stream: mic?.mediaStream ?? null,
    signal,
    start,
    stop,
    setDevice,
    clearError: useCallback(() => setError(null), []),
  };
}
