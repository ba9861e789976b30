// Start a run: a dataset, a preset (tiny CPU check, fine-tune, full), and a Python the studio found and checked (torch? CUDA? which GPU?).
import { useState, type FormEvent } from 'react';
import { runPresets, type RunDetail, type RunModel, type RunPreset } from '../../../../electron/shared/domains/training';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';

const presetText: Record<RunModel, Record<RunPreset, { title: string; text: string }>> = {
  tacotron2: {
    tiny: { title: 'Tiny check', text: 'A small model for a few hundred steps: minutes on a CPU. Proves the dataset, Python and pipeline before a long run.' },
    finetune: { title: 'Fine-tune', text: 'Full-size Tacotron2 from an earlier checkpoint (or NVIDIA’s LJSpeech model) towards this voice: hours on a GPU.' },
    full: { title: 'Full, from scratch', text: 'NVIDIA’s recipe: 100,000 steps, days on one GPU. Resumable at any point.' },
    'default-voice': { title: 'Small, CPU-friendly', text: 'The built-in voice’s recipe: a 7.7M-parameter Tacotron2 (r=3) that trains in the background on a CPU (low priority, 2 threads), far faster on a GPU.' },
  },
  hifigan: {
    tiny: { title: 'Tiny check', text: 'A very small HiFi-GAN for a few hundred steps on the recordings: proves the vocoder pipeline on a CPU.' },
    finetune: { title: 'Fine-tune on Tacotron2 mels', text: 'HiFi-GAN V2 on the teacher-forced mels of a Tacotron2 run (GTA), so it learns that model’s mels: what the authors recommend.' },
    full: { title: 'Full, on recordings', text: 'HiFi-GAN V2 on the recordings’ own mels: a million steps, days on a GPU.' },
    'default-voice': { title: 'Small, on Tacotron2 mels', text: 'HiFi-GAN V2 on a Tacotron2 run’s teacher-forced mels, in the background at low CPU priority: the built-in voice’s vocoder.' },
  },
};

export function NewRunForm({ onStarted }: { onStarted(run: RunDetail): void }) {
  const { client } = useStudio();
  const datasets = useCall('datasets:list', {});
  const [extra, setExtra] = useState('');
  const interpreters = useCall('training:interpreters', extra ? { extra } : {}, [extra]);
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [model, setModel] = useState<RunModel>('tacotron2');
  const [preset, setPreset] = useState<RunPreset>('tiny');
  const runs = useCall('training:list', {});
  const acoustic = (runs.data ?? []).filter((r) => r.model === 'tacotron2' && r.checkpoints > 0);
  const [gtaFrom, setGtaFrom] = useState<number | null>(null);
  const gtaRun = acoustic.find((r) => r.id === gtaFrom) ?? acoustic[0] ?? null;
  const [python, setPython] = useState<string>('');
  const [steps, setSteps] = useState('');
  const [warmStart, setWarmStart] = useState('');
  const list = datasets.data ?? [];
  const chosenDataset = list.find((d) => d.id === datasetId) ?? list[0] ?? null;
  const usable = (interpreters.data ?? []).filter((i) => i.ok);
  const pythonPath = python || usable[0]?.path || '';
  const start = useAction(async () => {
    if (!chosenDataset) return;
    const run = await client.call('training:start', {
      datasetId: chosenDataset.id,
      name: name.trim() || `${chosenDataset.name} ${model === 'hifigan' ? 'vocoder ' : ''}${preset}`,
      model,
      preset,
      ...(model === 'hifigan' && (preset === 'finetune' || preset === 'default-voice') && gtaRun ? { gtaFromRun: gtaRun.id } : {}),
      ...(pythonPath ? { python: pythonPath } : {}),
      ...(steps ? { steps: Number(steps) } : {}),
      ...(model === 'tacotron2' && preset === 'finetune' && warmStart ? { warmStart } : {}),
    });
    onStarted(run);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Asked once, when the user starts something worth hearing about later (the run's end, hours from now).
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
    void start.run();
  };

  return (
    <form className="card new-run" onSubmit={submit} aria-label="Start a training run" data-testid="new-run">
      <h2 className="card__title">Start a run</h2>
      {list.length === 0 && datasets.data ? <p className="muted">Build or import a dataset first (Datasets).</p> : null}
      <div className="new-run__fields">
        <label className="field">
          <span className="field__label">Dataset</span>
          <select className="input select" value={chosenDataset?.id ?? ''} onChange={(e) => setDatasetId(Number(e.target.value))} aria-label="Dataset">
            {list.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {formatNumber(d.utterances)} utterances · {(d.sampleRate / 1000).toFixed(2)} kHz
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Run name</span>
          <input className="input" value={name} placeholder={chosenDataset ? `${chosenDataset.name} ${preset}` : ''} onChange={(e) => setName(e.target.value)} aria-label="Run name" />
        </label>
        <label className="field">
          <span className="field__label">Steps</span>
          <input className="input input--number" type="number" min={1} value={steps} placeholder="preset" onChange={(e) => setSteps(e.target.value)} aria-label="Steps" />
        </label>
      </div>
      <div className="segmented" role="radiogroup" aria-label="Model">
        {(['tacotron2', 'hifigan'] as const).map((m) => (
          <label key={m} className="segmented__option">
            <input type="radio" name="model" value={m} checked={model === m} onChange={() => setModel(m)} />
            <span>{m === 'tacotron2' ? 'Tacotron2 (text → mel)' : 'HiFi-GAN vocoder (mel → audio)'}</span>
          </label>
        ))}
      </div>
      <div className="choice-cards" role="radiogroup" aria-label="Preset">
        {runPresets.map((p) => (
          <label key={p} className={`choice-card${preset === p ? ' choice-card--active' : ''}`}>
            <input type="radio" name="preset" value={p} checked={preset === p} onChange={() => setPreset(p)} aria-label={presetText[model][p].title} />
            <span className="choice-card__title">{presetText[model][p].title}</span>
            <span className="choice-card__text muted">{presetText[model][p].text}</span>
          </label>
        ))}
      </div>
      {model === 'hifigan' && (preset === 'finetune' || preset === 'default-voice') ? (
        <label className="field">
          <span className="field__label">Tacotron2 run whose mels it learns</span>
          <select className="input select" value={gtaRun?.id ?? ''} onChange={(e) => setGtaFrom(Number(e.target.value))} aria-label="Tacotron2 run">
            {acoustic.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} · step {formatNumber(r.step)}
              </option>
            ))}
          </select>
          {acoustic.length === 0 ? <span className="field__problem">No Tacotron2 run has a checkpoint yet: train one first.</span> : null}
        </label>
      ) : null}
      {model === 'tacotron2' && preset === 'finetune' ? (
        <label className="field">
          <span className="field__label">Start from checkpoint</span>
          <input className="input" value={warmStart} onChange={(e) => setWarmStart(e.target.value)} placeholder="/path/to/ckpt.pt or tacotron2_statedict.pt" aria-label="Start from checkpoint" />
        </label>
      ) : null}
      <fieldset className="interpreters" data-testid="interpreters">
        <legend className="field__label">Python</legend>
        {interpreters.loading && !interpreters.data ? <p className="muted">Looking for Python interpreters with PyTorch…</p> : null}
        {(interpreters.data ?? []).map((i) => (
          <label key={i.path} className={`interpreter${i.ok ? '' : ' interpreter--bad'}`} data-testid="interpreter" data-ok={i.ok}>
            <input type="radio" name="python" value={i.path} disabled={!i.ok} checked={i.ok && pythonPath === i.path} onChange={() => setPython(i.path)} />
            <code>{i.path}</code>
            <span className="muted">
              {i.ok
                ? `Python ${i.pythonVersion} · torch ${i.torchVersion} · ${i.cuda ? i.gpus.map((g) => `${g.name} (${g.memoryGb} GB, sm ${g.capability})`).join(', ') : 'CPU only (no CUDA)'}`
                : i.problem}
            </span>
          </label>
        ))}
        {interpreters.data && usable.length === 0 ? <p className="field__problem">No Python with PyTorch was found. Install it (pip install torch numpy, or apt install python3-torch), or give the path of one below.</p> : null}
        <label className="field__row">
          <span className="field__label">Another Python</span>
          <input className="input" placeholder="/opt/conda/bin/python" onBlur={(e) => setExtra(e.target.value.trim())} aria-label="Another Python" />
        </label>
      </fieldset>
      <div className="new-run__actions">
        <button type="submit" className="btn btn--primary" disabled={!chosenDataset || !pythonPath || start.pending || (model === 'hifigan' && (preset === 'finetune' || preset === 'default-voice') && !gtaRun)} data-testid="start-run">
          Start training
        </button>
      </div>
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} testId="start-error" /> : null}
    </form>
  );
}
