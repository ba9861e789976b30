// A determinate progress bar (indeterminate while total is unknown) with an accessible label.
export function ProgressBar({ current, total, label }: { current: number; total: number; label: string }) {
  const known = total > 0;
  const percent = known ? Math.min(100, Math.round((current / total) * 100)) : 0;
  return (
    <div
      className={`progress${known ? '' : ' progress--indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? total : undefined}
      aria-valuenow={known ? current : undefined}
    >
      <div className="progress__fill" style={known ? { width: `${percent}%` } : undefined} />
    </div>
  );
}
