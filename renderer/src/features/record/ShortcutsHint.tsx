// The recorder's keyboard shortcuts, always visible so the narrator can keep their eyes on the prompt.
const shortcuts: readonly [string[], string][] = [
  [['R'], 'record / stop'],
  [['Space'], 'play the take'],
  [['A'], 'accept'],
  [['X'], 'reject, then R to re-take'],
  [['N', '→'], 'next prompt (skip)'],
  [['B', '←'], 'previous prompt'],
  [['F'], 'flag a slip'],
];

export function ShortcutsHint() {
  return (
    <div className="card side-card shortcuts" data-testid="shortcuts-hint">
      <h2 className="side-card__title">Keyboard</h2>
      <dl className="shortcuts__list">
        {shortcuts.map(([keys, what]) => (
          <div key={what} className="shortcuts__row">
            <dt>
              {keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted shortcuts__note">Keys do nothing while you type in a field.</p>
    </div>
  );
}
