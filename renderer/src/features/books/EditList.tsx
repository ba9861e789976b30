// The chapter's edit list: every waveform edit in order, those past the undo cursor shown as undone, with undo/redo and taking one back.
import type { ChapterEdits } from '../../../../electron/shared/domains/book-export';
import { describeEdit } from './edit-anchors';

interface Props {
  edits: ChapterEdits;
  sentenceNumber(id: string): string;
  busy: boolean;
  onUndo(): void;
  onRedo(): void;
  onRemove(editId: string): void;
}

export function EditList({ edits, sentenceNumber, busy, onUndo, onRedo, onRemove }: Props) {
  const activeIds = new Set(edits.active.map((a) => a.id));
  return (
    <div className="edit-list" data-testid="edit-list" data-entries={edits.entries.length} data-active={edits.active.length} data-undo-pointer={edits.undoPointer}>
      <div className="render-queue__head">
        <h3 className="section-title">Edits</h3>
        <span className="edit-list__buttons">
          <button type="button" className="btn btn--small" onClick={onUndo} disabled={!edits.canUndo || busy} title="Undo (Ctrl+Z)" data-testid="edit-undo">Undo</button>
          <button type="button" className="btn btn--small" onClick={onRedo} disabled={!edits.canRedo || busy} title="Redo (Ctrl+Shift+Z)" data-testid="edit-redo">Redo</button>
        </span>
      </div>
      {edits.entries.length === 0 ? <p className="muted small">No edits yet. Edits never change the takes: they are kept here and applied when the chapter is assembled and exported.</p> : (
        <ol className="edit-list__items">
          {edits.entries.map((e, i) => {
            const undone = i >= edits.undoPointer;
            const text = e.edit.kind === 'remove' ? `Took back edit ${e.edit.target}` : describeEdit(e.edit, sentenceNumber);
            return (
              <li key={e.id} className={undone ? 'edit-list__item edit-list__item--undone' : 'edit-list__item'} data-testid="edit-entry" data-kind={e.edit.kind} data-undone={undone}>
                <span>{text}</span>
                {undone ? <span className="badge">undone</span> : null}
                {!undone && e.edit.kind !== 'remove' && activeIds.has(e.id) ? (
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => onRemove(e.id)} disabled={busy} aria-label={`Take back: ${text}`}>Take back</button>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
