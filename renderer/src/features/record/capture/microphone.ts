// Opens a microphone with voice processing off and captures it through the AudioWorklet at the device's own rate.
import workletUrl from './capture.worklet.ts?worker&url';

export type MicProblem =
  | { kind: 'unsupported' }
  | { kind: 'denied' }
  | { kind: 'no-device' }
  | { kind: 'busy'; message: string };

export class MicrophoneError extends Error {
  constructor(readonly problem: MicProblem) {
    super(problem.kind);
    this.name = 'MicrophoneError';
  }
}

function problemOf(err: unknown): MicProblem {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'denied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { kind: 'no-device' };
  return { kind: 'busy', message: err instanceof Error ? err.message : String(err) };
}

export class Microphone {
  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    readonly deviceId: string,
    readonly label: string,
  ) {}

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** The live input, for views that draw it (the waveform); capture itself goes through the worklet. */
  get mediaStream(): MediaStream {
    return this.stream;
  }

  static async open(deviceId: string | null, onBlock: (block: Float32Array) => void): Promise<Microphone> {
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') throw new MicrophoneError({ kind: 'unsupported' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        // A TTS corpus needs the raw signal: the browser's voice processing is on by default and must be turned off.
        audio: {
          echoCancellation: false,
          noiseSuppression: false,
          autoGainControl: false,
          channelCount: 1,
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
        },
      });
    } catch (err) {
      throw new MicrophoneError(problemOf(err));
    }
    const track = stream.getAudioTracks()[0];
    if (!track) {
      stream.getTracks().forEach((t) => t.stop());
      throw new MicrophoneError({ kind: 'no-device' });
    }
    const settings = track.getSettings();
    // The device's native rate when the browser tells it, so nothing is resampled on the way to disk.
    const context = settings.sampleRate ? new AudioContext({ sampleRate: settings.sampleRate, latencyHint: 'interactive' }) : new AudioContext({ latencyHint: 'interactive' });
    try {
      await context.audioWorklet.addModule(workletUrl);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, 'voicewright-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        channelCount: 1,
        channelCountMode: 'explicit',
        channelInterpretation: 'speakers',
      });
      node.port.onmessage = (e: MessageEvent<Float32Array>) => onBlock(e.data);
      // A silent path to the destination keeps the graph pulling the worklet in every browser.
      const mute = context.createGain();
      mute.gain.value = 0;
      source.connect(node).connect(mute).connect(context.destination);
      if (context.state === 'suspended') await context.resume();
      return new Microphone(stream, context, node, settings.deviceId ?? deviceId ?? '', track.label);
    } catch (err) {
      stream.getTracks().forEach((t) => t.stop());
      void context.close();
      throw err;
    }
  }

  close(): void {
    this.node.port.onmessage = null;
    this.node.disconnect();
    this.stream.getTracks().forEach((t) => t.stop());
    void this.context.close();
  }
}
