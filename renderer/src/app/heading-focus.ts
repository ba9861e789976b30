// After the user switches areas, the new area's heading takes focus (announced by screen readers); not on first load.
let pending = false;

export function requestHeadingFocus(): void {
  pending = true;
}

export function takeHeadingFocusRequest(): boolean {
  const was = pending;
  pending = false;
  return was;
}
