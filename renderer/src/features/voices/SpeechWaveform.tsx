// The spoken WAV in wavesurfer.js, playing through the panel's own <audio>: sentence bounds marked, each flagged word a red region labelled with its slip.
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { SpeakResult } from '../../../../electron/shared/domains/synthesis';
import { cssVar } from '../../components/dom';

export interface FlaggedSpan { sentence: number; word: string; kinds: string[]; start: number; end: number }

/** Flagged words that the attention reached (a skipped word has no span to mark). */
export function flaggedSpans(result: SpeakResult): FlaggedSpan[] {
  return result.sentences.flatMap((s) =>
    s.words.flatMap((w) => (w.slips.length > 0 && w.span && w.span.end > w.span.start
      ? [{ sentence: s.index, word: w.text, kinds: w.slips.map((x) => x.kind), start: w.span.start, end: w.span.end }]
      : [])));
}

export function SpeechWaveform({ result, media }: { result: SpeakResult; media: HTMLAudioElement | null }) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const spans = flaggedSpans(result);

  useEffect(() => {
    const container = box.current;
    if (!container || !media) return;
    setState('loading');
    const regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container,
      media,
      height: 80,
      normalize: true,
      waveColor: cssVar(container, '--wave-idle', '#8b8fa3'),
      progressColor: cssVar(container, '--wave-live', '#5b4bd6'),
      cursorColor: cssVar(container, '--text', '#222'),
      dragToSeek: true,
      plugins: [regions],
    });
    ws.on('error', () => setState('error'));
    ws.on('decode', () => {
      const bound = cssVar(container, '--border-strong', 'rgba(0, 0, 0, 0.35)');
      for (const s of result.sentences.slice(1)) regions.addRegion({ start: s.start, color: bound, drag: false, resize: false, id: `sentence-${s.index}` });
      const red = cssVar(container, '--slip-region', 'rgba(220, 38, 38, 0.28)');
      flaggedSpans(result).forEach((f, i) => {
        const label = document.createElement('span');
        label.className = 'speech-wave__label';
        // Regions live in wavesurfer's shadow DOM, where the page's stylesheets do not reach.
        Object.assign(label.style, { display: 'inline-block', margin: `${2 + (i % 3) * 16}px 0 0 2px`, padding: '0 4px', borderRadius: '3px', fontSize: '11px', lineHeight: '15px',
          color: '#fff', background: 'rgba(185, 28, 28, 0.9)', whiteSpace: 'nowrap', pointerEvents: 'none' });
        label.textContent = `${f.word}: ${f.kinds.join(', ').replace(/_/g, ' ')}`;
        regions.addRegion({ start: f.start, end: f.end, color: red, drag: false, resize: false, content: label, id: `slip-${i}` });
      });
      setState('ready');
    });
    // wavesurfer reads the element's own src; a result change gives a new element (keyed by path).
    return () => ws.destroy();
  }, [media, result]);

  return (
    <div className="speech-wave" data-testid="speech-waveform" data-state={state} data-flagged-words={spans.length}>
      <div ref={box} className="speech-wave__wave" role="img" aria-label={`Waveform of the speech; ${spans.length} flagged word${spans.length === 1 ? '' : 's'} marked in red`} />
      {state === 'error' ? <p className="take-wave__status take-wave__status--error" role="alert">The waveform could not be drawn; the player below still plays the file.</p> : null}
    </div>
  );
}
