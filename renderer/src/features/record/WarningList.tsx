// A list of warnings that may run to hundreds (duplicate lines in a 23k-sentence file): a count, the first few, the rest on demand.
export function WarningList({ warnings, testId }: { warnings: readonly string[]; testId?: string }) {
  if (warnings.length === 0) return null;
  if (warnings.length === 1) return <p className="muted warning-list__one" data-testid={testId}>{warnings[0]}</p>;
  return (
    <details className="warning-list" data-testid={testId}>
      <summary>
        {warnings.length.toLocaleString()} notes: {warnings[0]}
      </summary>
      <ul>
        {warnings.slice(0, 200).map((w, i) => (
          <li key={i}>{w}</li>
        ))}
        {warnings.length > 200 ? <li className="muted">… and {(warnings.length - 200).toLocaleString()} more</li> : null}
      </ul>
    </details>
  );
}
