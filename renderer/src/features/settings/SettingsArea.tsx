// Settings: every field of the workspace's Settings, saved on change, with reset and the available inference providers.
import type { Settings } from '../../../../electron/shared/contract';
import { useCall } from '../../api/use-call';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { NumberSetting } from './NumberSetting';
import { SelectSetting } from './SelectSetting';
import { ThemeSetting } from './ThemeSetting';
import { useSettings } from './use-settings';
import type { SaveStatus } from './settings-context';

const providerLabels: Record<Settings['executionProvider'], string> = {
  auto: 'Automatic (best available)',
  cpu: 'CPU',
  cuda: 'CUDA (NVIDIA GPU)',
  directml: 'DirectML (Windows GPU)',
  coreml: 'Core ML (Apple)',
};

function StatusText({ status }: { status: SaveStatus }) {
  const text = status.kind === 'saving' ? 'Saving…' : status.kind === 'saved' ? 'Saved' : status.kind === 'error' ? 'Not saved' : '';
  return (
    // data-saves counts completed saves, so tests can wait for a particular save rather than any "Saved".
    <span className={`save-status save-status--${status.kind}`} role="status" data-testid="settings-status" data-saves={status.kind === 'saved' ? status.count : undefined}>
      {text}
    </span>
  );
}

export function SettingsArea() {
  const { settings, loaded, loadError, status, update, reset } = useSettings();
  const providers = useCall('synthesis:providers', {});
  const set = <K extends keyof Settings>(key: K) => (value: Settings[K]) => void update({ [key]: value } as Partial<Settings>);

  return (
    <section className="area" data-testid="area-settings">
      <PageHeader
        title="Settings"
        description="Stored in this workspace and saved as you change them."
        actions={
          <>
            <StatusText status={status} />
            <button type="button" className="btn" onClick={() => void reset()} disabled={!loaded}>
              Reset to defaults
            </button>
          </>
        }
      />
      {loadError ? <ErrorNotice error={loadError} /> : null}
      {status.kind === 'error' ? <ErrorNotice error={status.error} testId="settings-error" /> : null}
      {loaded ? (
        <form className="settings" onSubmit={(e) => e.preventDefault()} aria-label="Settings">
          <section className="card settings__group" aria-labelledby="settings-appearance">
            <h2 id="settings-appearance" className="card__title">
              Appearance and language
            </h2>
            <ThemeSetting value={settings.theme} onChange={set('theme')} />
            <SelectSetting
              label="Interface language"
              description="The language of menus and labels. Only English text exists in this version."
              value={settings.uiLanguage}
              options={[
                { value: 'en', label: 'English' },
                { value: 'de', label: 'Deutsch' },
              ]}
              testId="setting-uiLanguage"
              onChange={set('uiLanguage')}
            />
            <SelectSetting
              label="Default corpus language"
              description="Used for new speakers, prompts and text normalization."
              value={settings.defaultLanguage}
              options={[
                { value: 'en-US', label: 'English (US)' },
                { value: 'de-DE', label: 'German (Germany)' },
              ]}
              testId="setting-defaultLanguage"
              onChange={set('defaultLanguage')}
            />
          </section>

          <section className="card settings__group" aria-labelledby="settings-audio">
            <h2 id="settings-audio" className="card__title">
              Recording and corpus
            </h2>
            <SelectSetting
              label="Sample rate"
              description="Recordings and datasets use this rate. Tacotron2 recipes expect 22,050 Hz."
              value={settings.sampleRate}
              options={[
                { value: 22050, label: '22,050 Hz' },
                { value: 44100, label: '44,100 Hz' },
                { value: 48000, label: '48,000 Hz' },
              ]}
              testId="setting-sampleRate"
              onChange={set('sampleRate')}
            />
            <NumberSetting
              label="Target corpus size"
              description="How many hours of recorded speech you aim for; progress in Record counts toward it."
              value={settings.targetCorpusHours}
              min={0.1}
              max={1000}
              step={0.5}
              unit="hours"
              testId="setting-targetCorpusHours"
              onCommit={set('targetCorpusHours')}
            />
          </section>

          <section className="card settings__group" aria-labelledby="settings-inference">
            <h2 id="settings-inference" className="card__title">
              Inference
            </h2>
            <SelectSetting
              label="Execution provider"
              description="Where ONNX models run during synthesis."
              value={settings.executionProvider}
              options={(Object.keys(providerLabels) as Settings['executionProvider'][]).map((p) => ({ value: p, label: providerLabels[p] }))}
              testId="setting-executionProvider"
              onChange={set('executionProvider')}
            />
            <NumberSetting
              label="Inference threads"
              description="CPU threads one synthesis may use."
              value={settings.inferenceThreads}
              min={1}
              max={256}
              step={1}
              integer
              testId="setting-inferenceThreads"
              onCommit={set('inferenceThreads')}
            />
            <div className="providers" data-testid="providers">
              {providers.error ? <ErrorNotice error={providers.error} onRetry={() => void providers.refresh()} /> : null}
              {providers.data ? (
                <>
                  <p>
                    <span className="muted">Available in this build: </span>
                    {providers.data.available.length > 0
                      ? providers.data.available.map((p) => (
                          <span key={p} className="badge badge--provider">
                            {p}
                          </span>
                        ))
                      : 'none'}
                    <span className="muted"> · ONNX Runtime {providers.data.runtimeVersion}</span>
                  </p>
                  <p className="muted small">{providers.data.note}</p>
                </>
              ) : !providers.error ? (
                <p className="muted small">Checking the ONNX runtime…</p>
              ) : null}
            </div>
          </section>
        </form>
      ) : !loadError ? (
        <p className="muted">Loading settings…</p>
      ) : null}
    </section>
  );
}
