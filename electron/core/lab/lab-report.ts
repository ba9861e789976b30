// The experiment's one-file HTML report (inline SVG plots, setup, metrics with CIs, speed, environment, listening tests) and its metrics CSV.
import { metricNames, type ExperimentDetail, type MetricName } from '../../shared/domains/lab';
import type { ListeningSummary } from './listening/results-summary';

export const METRIC_INFO: Record<MetricName, { label: string; unit: string; digits: number }> = {
  mcd: { label: 'MCD (DTW)', unit: 'dB', digits: 2 },
  lsd: { label: 'Log-spectral distance', unit: 'dB', digits: 2 },
  f0RmseCents: { label: 'log-F0 RMSE', unit: 'cents', digits: 1 },
  vuvError: { label: 'V/UV error', unit: '%', digits: 1 },
  mrstft: { label: 'MR-STFT distance', unit: '', digits: 3 },
  spectralConvergence: { label: 'Spectral convergence', unit: '', digits: 3 },
  logMagnitude: { label: 'Log STFT magnitude', unit: '', digits: 3 },
};
/** V/UV error is stored as a share and shown in percent. */
const shown = (m: MetricName, v: number): number => (m === 'vuvError' ? v * 100 : v);

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** A horizontal bar per condition with its 95% CI whisker. */
function barSvg(title: string, rows: { label: string; value: number | null; ci: number | null }[], unit: string): string {
  const w = 560, rowH = 26, left = 200, top = 24, h = top + rows.length * rowH + 24;
  const max = Math.max(1e-9, ...rows.map((r) => (r.value ?? 0) + (r.ci ?? 0)));
  const x = (v: number): number => left + (v / max) * (w - left - 70);
  const bars = rows.map((r, i) => {
    const y = top + i * rowH;
    if (r.value === null) return `<text x="${left}" y="${y + 16}" class="m">no value</text><text x="${left - 8}" y="${y + 16}" text-anchor="end">${esc(r.label)}</text>`;
    const ci = r.ci === null ? '' : `<line x1="${x(Math.max(0, r.value - r.ci))}" x2="${x(r.value + r.ci)}" y1="${y + 11}" y2="${y + 11}" class="ci"/>`;
    return `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${esc(r.label)}</text><rect x="${left}" y="${y + 3}" width="${Math.max(1, x(r.value) - left)}" height="16" class="bar"/>${ci}`
      + `<text x="${x(r.value + (r.ci ?? 0)) + 6}" y="${y + 16}" class="m">${fmt(r.value, 2)}${unit ? ` ${esc(unit)}` : ''}</text>`;
  }).join('');
  return `<figure><svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}"><text x="0" y="14" class="t">${esc(title)}</text>${bars}</svg></figure>`;
}

function listeningSection(tests: readonly ListeningSummary[]): string {
  if (tests.length === 0) return '<section id="listening"><h2>Listening tests</h2><p>No listening test has been run for this experiment.</p></section>';
  return `<section id="listening"><h2>Listening tests</h2>${tests.map((t) => `<h3>${esc(t.name)} (${esc(t.type.toUpperCase())}, ${t.listeners} listener${t.listeners === 1 ? '' : 's'}${t.excluded.length ? `, ${t.excluded.length} excluded by post-screening` : ''})</h3>`
    + (t.conditions.length ? `<table><tr><th>Condition</th><th>Role</th><th>n</th><th>Mean</th><th>95% CI</th></tr>${t.conditions.map((c) => `<tr><td>${esc(c.condition)}</td><td>${esc(c.role)}</td><td>${c.n}</td><td>${fmt(c.mean, 1)}</td><td>${c.ci95 ? `${fmt(c.ci95[0], 1)} – ${fmt(c.ci95[1], 1)}` : '—'}</td></tr>`).join('')}</table>` : '')
    + (t.pairs.length ? `<table><tr><th>A</th><th>B</th><th>Trials</th><th>A</th><th>B</th><th>p</th></tr>${t.pairs.map((p) => `<tr><td>${esc(p.a)}</td><td>${esc(p.b)}</td><td>${p.trials}</td><td>${p.aCount}</td><td>${p.bCount}</td><td>${fmt(p.pValue, 3)}</td></tr>`).join('')}</table>` : '')
    + (t.excluded.length ? `<p>Excluded: ${t.excluded.map((e) => `${esc(e.listenerId)} (${esc(e.reason)})`).join('; ')}</p>` : '')).join('')}</section>`;
}

export function reportHtml(e: ExperimentDetail, listening: readonly ListeningSummary[], generatedAt = new Date()): string {
  const m = e.mel;
  const env = e.environment;
  const metricTable = `<table><tr><th>Condition</th>${metricNames.map((k) => `<th>${esc(METRIC_INFO[k].label)}${METRIC_INFO[k].unit ? ` (${METRIC_INFO[k].unit})` : ''}</th>`).join('')}</tr>${e.conditions.map((c) => `<tr><td>${esc(c.label)}</td>${metricNames.map((k) => {
    const a = c.aggregate[k];
    return `<td>${a ? `${fmt(shown(k, a.mean), METRIC_INFO[k].digits)}${a.ci95 === null ? '' : ` ± ${fmt(shown(k, a.ci95), METRIC_INFO[k].digits)}`} <small>(n ${a.n})</small>` : '—'}</td>`;
  }).join('')}</tr>`).join('')}</table>`;
  const plots = (['mcd', 'lsd', 'f0RmseCents', 'vuvError', 'mrstft'] as const).map((k) => barSvg(`${METRIC_INFO[k].label}, mean ± 95% CI (lower is better)`,
    e.conditions.map((c) => ({ label: c.label, value: c.aggregate[k] ? shown(k, c.aggregate[k].mean) : null, ci: c.aggregate[k]?.ci95 == null ? null : shown(k, c.aggregate[k].ci95) })), METRIC_INFO[k].unit)).join('');
  const speedRows = e.conditions.map((c) => `<tr><td>${esc(c.label)}</td><td>${fmt(c.speed?.audioSeconds, 2)}</td><td>${fmt(c.speed?.computeSeconds, 3)}</td><td>${fmt(c.speed?.audioPerCompute, 1)}</td><td>${fmt(c.speed?.rtf, 4)}</td></tr>`).join('');
  const speedPlot = barSvg('Speed: seconds of audio per second of compute (higher is faster)', e.conditions.map((c) => ({ label: c.label, value: c.speed?.audioPerCompute ?? null, ci: null })), '×');
  const utt = e.utterances.map((u) => u.outputs.map((o) => {
    const c = e.conditions.find((x) => x.id === o.conditionId);
    return `<tr><td>${esc(u.key)}</td><td>${esc(c?.label ?? '')}</td><td>${fmt(o.metrics.mcd)}</td><td>${fmt(o.metrics.lsd)}</td><td>${fmt(o.metrics.f0RmseCents, 1)}</td><td>${fmt(o.metrics.vuvError === null ? null : o.metrics.vuvError * 100, 1)}</td><td>${fmt(o.metrics.mrstft, 3)}</td></tr>`;
  }).join('')).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(e.name)} — Voicewright Lab report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}td,th{border:1px solid #d5d9e0;padding:.25rem .5rem;text-align:left}
th{background:#f2f4f7}small{color:#667}svg text{font:12px system-ui,sans-serif;fill:#1b1f24}svg .t{font-weight:600}svg .m{fill:#556}
svg .bar{fill:#4a78c2}svg .ci{stroke:#111;stroke-width:2}figure{margin:1rem 0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
</style></head><body>
<h1>${esc(e.name)}</h1>
<p>Voicewright Lab report, generated ${esc(generatedAt.toISOString())}. Experiment created ${esc(e.createdAt)}; ${e.utterances.length} utterances × ${e.conditions.length} conditions.</p>
<section id="setup"><h2>Setup</h2><dl>
<dt>Inputs</dt><dd>${e.acoustic ? `Text rendered by the Tacotron2 of ${esc(e.acoustic.voiceName)} (${esc(e.source)}): one mel per utterance, fed to every vocoder. Against a recording only MCD (DTW) is measured: the rendered speech has its own timing.` : `Copy synthesis: each recording's ground-truth mel (${esc(e.source)}), the same mel fed to every vocoder.`}</dd>
<dt>Input mel</dt><dd>${m.sampleRate} Hz, n_fft ${m.nFft}, hop ${m.hop}, window ${m.win}, ${m.nMels} ${esc(m.melScale)} mels, ${m.fmin}–${m.fmax} Hz, natural log of clamp(x, ${m.clamp}), ${m.center ? 'centred' : 'uncentred'} frames</dd>
<dt>Conditions</dt><dd>${e.conditions.map((c) => `${esc(c.label)} <small>(${esc(c.kind)})</small>`).join(', ')}</dd>
<dt>MCD</dt><dd>ESPnet's definition: mean over the DTW path of (10/ln 10)·√(2·Σ<sub>d=1..${e.mcep.order}</sub>Δc<sub>d</sub>²) on mel-cepstra c<sub>1</sub>…c<sub>${e.mcep.order}</sub> (c<sub>0</sub> excluded), all-pass constant α = ${e.mcep.alpha} at ${e.mcep.sampleRate} Hz; cepstra from Hamming-windowed ${e.mcep.nFft}-sample frames every ${e.mcep.hop} samples (periodogram + 1e-6, cepstrum, SPTK freqt warping). Exact DTW on the Euclidean distance of c<sub>1..${e.mcep.order}</sub>.</dd>
<dt>LSD</dt><dd>√(mean over bins of (10·log<sub>10</sub> P<sub>ref</sub> − 10·log<sub>10</sub> P<sub>test</sub>)²) per STFT frame (1024/256, Hann), averaged over time-aligned frames. Full band (0 Hz to Nyquist): a vocoder that leaves the band above the mel's fmax empty scores high here even when it sounds close.</dd>
<dt>log-F0 RMSE, V/UV</dt><dd>YIN (60–500 Hz, 10 ms hop, threshold 0.15): RMSE of 1200·log<sub>2</sub>(F0<sub>test</sub>/F0<sub>ref</sub>) in cents over frames voiced in both; V/UV error = share of frames whose voicing differs.</dd>
<dt>MR-STFT</dt><dd>Mean over (1024, 120, 600), (2048, 240, 1200), (512, 50, 240) of spectral convergence + mean |ln|R| − ln|T||.</dd>
<dt>Confidence intervals</dt><dd>95%, Student's t with n − 1 degrees of freedom over utterances.</dd>
<dt>Speed</dt><dd>Seconds of audio per second of compute (its inverse is the RTF): the vocoder call only (mel in, waveform out: no mel extraction, file writing or metrics), warm (each vocoder's first call is run once untimed), summed over all utterances, ${e.threads} onnxruntime intra-op thread${e.threads === 1 ? '' : 's'}, ${esc(env?.provider ?? 'cpu')} provider. Griffin-Lim runs in TypeScript on one thread.</dd>
</dl></section>
<section id="metrics"><h2>Objective metrics (mean ± 95% CI)</h2>${metricTable}${plots}</section>
<section id="speed"><h2>Speed</h2><table><tr><th>Condition</th><th>Audio (s)</th><th>Compute (s)</th><th>Audio s per compute s</th><th>RTF</th></tr>${speedRows}</table>${speedPlot}</section>
${listeningSection(listening)}
<section id="environment"><h2>Environment</h2>${env ? `<dl><dt>CPU</dt><dd>${esc(env.cpu)} (${env.cores} cores available)</dd><dt>GPU</dt><dd>${esc(env.gpu)}</dd><dt>OS</dt><dd>${esc(env.platform)}</dd><dt>Node</dt><dd>${esc(env.node)}</dd><dt>onnxruntime-node</dt><dd>${esc(env.onnxruntime)}</dd><dt>Threads</dt><dd>${env.threads}</dd></dl>` : '<p>The experiment has not been run yet.</p>'}</section>
<section id="utterances"><h2>Per utterance</h2><table><tr><th>Utterance</th><th>Condition</th><th>MCD (dB)</th><th>LSD (dB)</th><th>log-F0 RMSE (cents)</th><th>V/UV (%)</th><th>MR-STFT</th></tr>${utt}</table></section>
</body></html>
`;
}

const csvCell = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function metricsCsv(e: ExperimentDetail): string {
  const head = ['utterance', 'condition', 'kind', 'audio_seconds', 'compute_seconds', 'loudness_lufs', ...metricNames.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))];
  const rows = e.utterances.flatMap((u) => u.outputs.map((o) => {
    const c = e.conditions.find((x) => x.id === o.conditionId)!;
    return [u.key, c.label, c.kind, o.audioSeconds, o.computeSeconds, o.loudness, ...metricNames.map((k) => o.metrics[k])];
  }));
  return `${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
