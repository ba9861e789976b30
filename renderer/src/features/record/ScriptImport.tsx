// Imports a recording script from a file (text, TSV/CSV, festvox, prose); offers an encoding when the backend names one.
import { useRef, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { WarningList } from './WarningList';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
const encodings: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The encoding a failed import suggests, read from the error's message or hint (e.g. "…with the encoding windows-1252"). */
function suggestedEncoding(text: string): Encoding | null {
  return encodings.find((e) => text.includes(`encoding ${e}`)) ?? null;
}

export function ScriptImport({ speakerId, onImported, compact = false }: { speakerId: number; onImported(): void; compact?: boolean }) {
  const { client } = useStudio();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<Encoding | ''>('');
  const [result, setResult] = useState<CallOutput<'corpus:importScript'> | null>(null);
  const importing = useAction(async (f: File, enc: Encoding | '') => {
    const content = bytesToBase64(new Uint8Array(await f.arrayBuffer()));
    return client.call('corpus:importScript', { speakerId, fileName: f.name, content, ...(enc ? { encoding: enc } : {}) });
  });

  const run = async (f: File, enc: Encoding | '') => {
    setResult(null);
    const r = await importing.run(f, enc);
    if (r) {
      setResult(r);
      setEncoding('');
      onImported();
    }
  };

  const chosen = async (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    await run(f, encoding);
    // The same file can be picked again after a failed import.
    if (input.current) input.current.value = '';
  };

  const error = importing.error;
  const suggestion = error ? suggestedEncoding(`${error.message} ${error.hint ?? ''}`) : null;
  // The picker appears once the backend names an encoding, preset to that encoding, and stays while one is chosen.
  const offerEncoding = suggestion !== null || encoding !== '';
  const selected: Encoding | '' = encoding || suggestion || '';

  return (
    <div className={`script-import${compact ? ' script-import--compact' : ''}`} data-testid="script-import">
      <div className="script-import__row">
        <label className="btn btn--small script-import__pick">
          <input
            ref={input}
            type="file"
            className="visually-hidden"
            accept=".txt,.tsv,.csv,.data,.text,text/plain,text/tab-separated-values,text/csv"
            aria-label="Import a script file"
            data-testid="script-file"
            onChange={(e) => void chosen(e.target.files?.[0])}
          />
          {importing.pending ? 'Importing…' : 'Import script…'}
        </label>
        {offerEncoding ? (
          <label className="field__row script-import__encoding">
            <span className="field__label">Encoding</span>
            <select className="input select" value={selected} onChange={(e) => setEncoding(e.target.value as Encoding | '')} data-testid="script-encoding">
              <option value="">Detect</option>
              {encodings.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn--small btn--primary" disabled={!file || importing.pending} onClick={() => file && void run(file, selected)}>
              Import again
            </button>
          </label>
        ) : null}
      </div>
      {!compact ? <p className="muted script-import__formats">One prompt per line, a TSV/CSV of id and text, a festvox .data file, or any long text (split into sentences).</p> : null}
      {error ? <ErrorNotice error={error} onDismiss={importing.clearError} testId="import-error" /> : null}
      {result ? (
        <p className="script-import__result" role="status" data-testid="import-result">
          Imported {result.imported} prompt{result.imported === 1 ? '' : 's'} ({result.format})
          {result.duplicates > 0 ? `, ${result.duplicates} duplicate${result.duplicates === 1 ? '' : 's'} skipped` : ''}.
        </p>
      ) : null}
      {result ? (
        <WarningList warnings={result.warnings} testId="import-warnings" />
      ) : null}
    </div>
  );
}
