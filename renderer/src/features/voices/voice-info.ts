// A voice package's voice.json, read through the workspace media URL: its language, sample rate and vocoders.
import { useEffect, useState } from 'react';
import { useStudio } from '../../api/use-studio';

export interface VoiceVocoder {
  name: string;
  kind: string;
}
export interface VoiceInfo {
  language: string | null;
  sampleRate: number | null;
  vocoders: VoiceVocoder[];
}
export type VoiceInfoState = { state: 'loading' } | { state: 'ready'; info: VoiceInfo } | { state: 'error'; message: string };

/** "hifigan" → "HiFi-GAN", "griffinlim" → "Griffin-Lim". */
export function vocoderLabel(v: VoiceVocoder): string {
  const kind = v.kind === 'hifigan' ? 'HiFi-GAN' : v.kind === 'griffinlim' ? 'Griffin-Lim' : v.kind;
  return v.name === 'griffin-lim' || v.name === kind ? kind : `${kind}: ${v.name}`;
}

export function parseVoiceJson(raw: unknown): VoiceInfo {
  if (typeof raw !== 'object' || raw === null) throw new Error('voice.json is not an object');
  const o = raw as Record<string, unknown>;
  const vocoders = Array.isArray(o.vocoders)
    ? o.vocoders.flatMap((v: unknown) => {
        if (typeof v !== 'object' || v === null) return [];
        const r = v as Record<string, unknown>;
        return typeof r.name === 'string' ? [{ name: r.name, kind: typeof r.kind === 'string' ? r.kind : 'unknown' }] : [];
      })
    : [];
  return {
    language: typeof o.language === 'string' ? o.language : null,
    sampleRate: typeof o.sampleRate === 'number' ? o.sampleRate : null,
    vocoders,
  };
}

/** Only workspace-relative voice folders can be read through the media URL; absolute ones are left to the engine. */
export function useVoiceInfo(path: string | null): VoiceInfoState | null {
  const { mediaUrl } = useStudio();
  const [state, setState] = useState<VoiceInfoState | null>(null);
  useEffect(() => {
    if (path === null) {
      setState(null);
      return;
    }
    if (/^([a-zA-Z]:)?[\\/]/.test(path)) {
      setState({ state: 'error', message: `This voice lives outside the workspace (${path}); its vocoders cannot be listed here.` });
      return;
    }
    let live = true;
    setState({ state: 'loading' });
    fetch(mediaUrl(`${path}/voice.json`))
      .then(async (res) => {
        if (!res.ok) throw new Error(res.status === 404 ? `${path}/voice.json is missing` : `reading ${path}/voice.json failed (HTTP ${res.status})`);
        return parseVoiceJson(await res.json());
      })
      .then(
        (info) => live && setState({ state: 'ready', info }),
        (err: unknown) => live && setState({ state: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      live = false;
    };
  }, [path, mediaUrl]);
  return state;
}
