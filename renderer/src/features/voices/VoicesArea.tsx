// Voices: the ONNX voice packages in this workspace, and a Speak panel for the one selected (#/voices/<id>).
import { useCall } from '../../api/use-call';
import { useHashId } from '../../api/use-hash-id';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ImportVoice } from './ImportVoice';
import { SpeakPanel } from './SpeakPanel';
import '../../styles/voices.css';

export function VoicesArea() {
  const [open, go] = useHashId('voices');
  const voices = useCall('voices:list', {});
  const list = voices.data ?? [];
  const selected = list.find((v) => v.id === open) ?? list[0] ?? null;

  return (
    <section className="area area--voices" data-testid="area-voices">
      <PageHeader
        title="Voices"
        description="Voice packages exported from Training. Pick one, type some text and listen; the slip report points at words the voice may have got wrong."
      />
      {voices.error ? <ErrorNotice error={voices.error} onRetry={() => void voices.refresh()} /> : null}
      <ImportVoice
        onImported={(id) => {
          void voices.refresh();
          go(id);
        }}
      />
      {voices.data && list.length === 0 ? (
        <EmptyState icon="voices" title="No voices yet" testId="voices-empty">
          Export a trained Tacotron2 run as a voice from its Training dashboard, or import a voice folder above; it appears here, ready to speak.
        </EmptyState>
      ) : null}
      {list.length > 0 && selected ? (
        <div className="voices">
          <nav className="card voices__list" aria-label="Voices in this workspace">
            <h2 className="section-title">
              {list.length} voice{list.length === 1 ? '' : 's'}
            </h2>
            <ul>
              {list.map((v) => (
                <li key={v.id}>
                  <button
                    type="button"
                    className={`voice-item${v.id === selected.id ? ' voice-item--active' : ''}`}
                    aria-current={v.id === selected.id ? 'true' : undefined}
                    onClick={() => go(v.id)}
                    data-testid="voice-item"
                  >
                    <span className="voice-item__name">{v.name}</span>
                    <span className="voice-item__meta">
                      <span className="badge">{v.language}</span> <span className="muted">{formatDate(v.createdAt)}</span>
                    </span>
                    <code className="voice-item__path">{v.path}</code>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <SpeakPanel key={selected.id} voice={selected} />
        </div>
      ) : null}
    </section>
  );
}
