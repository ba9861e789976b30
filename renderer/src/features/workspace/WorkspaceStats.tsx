// What the workspace holds: item counts, database size and bytes per media folder (as of the last scan).
import type { WorkspaceStats as Stats } from '../../../../electron/shared/contract';
import { formatBytes, formatDate, formatNumber } from '../../components/format';

const countLabels: [keyof Stats['counts'], string][] = [
  ['speakers', 'Speakers'],
  ['takes', 'Takes'],
  ['datasets', 'Datasets'],
  ['runs', 'Training runs'],
  ['voices', 'Voices'],
  ['books', 'Books'],
  ['experiments', 'Experiments'],
  ['jobs', 'Jobs'],
];

export function WorkspaceStats({ stats }: { stats: Stats }) {
  return (
    <div className="stats" data-testid="workspace-stats">
      <dl className="stats__grid">
        {countLabels.map(([key, label]) => (
          <div key={key} className="stat" data-testid={`stat-${key}`}>
            <dt className="stat__label">{label}</dt>
            <dd className="stat__value">{formatNumber(stats.counts[key])}</dd>
          </div>
        ))}
      </dl>
      <h3 className="section-title">Storage</h3>
      <p className="storage-line" data-testid="stat-database">
        <span>
          Database <code>studio.sqlite</code>
        </span>
        <span>{formatBytes(stats.databaseBytes)}</span>
      </p>
      <h3 className="section-title">Media folders</h3>
      {stats.media ? (
        <>
          <table className="table table--compact" data-testid="media-table">
            <caption className="visually-hidden">Files and bytes per media folder</caption>
            <thead>
              <tr>
                <th scope="col">Folder</th>
                <th scope="col" className="num">
                  Files
                </th>
                <th scope="col" className="num">
                  Size
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.media.folders.map((f) => (
                <tr key={f.folder} data-testid={`media-${f.folder}`}>
                  <td>
                    <code>{f.folder}/</code>
                  </td>
                  <td className="num">{formatNumber(f.files)}</td>
                  <td className="num">{formatBytes(f.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">Scanned {formatDate(stats.media.scannedAt)}.</p>
        </>
      ) : (
        <p className="muted" data-testid="media-unscanned">
          Not scanned yet. Scan the media folders to see how much space recordings, datasets, runs, voices and books take.
        </p>
      )}
    </div>
  );
}
