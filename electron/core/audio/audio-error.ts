// Errors for audio a user brought: what was wrong and what to do about it.
export type AudioErrorCode = 'not_wav' | 'unsupported_format' | 'truncated' | 'no_audio' | 'bad_header' | 'bad_samples';

export class AudioFormatError extends Error {
  constructor(readonly code: AudioErrorCode, message: string, readonly hint?: string) {
    super(message);
    this.name = 'AudioFormatError';
  }
}
