// Small DOM helpers shared by the areas: where a key press belongs, and theme colours for canvases that cannot use CSS.

/** True when the user is typing (a field, an editable element, a dialog): single-key shortcuts must not fire. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select, [role="dialog"]') !== null);
}

/** A CSS custom property's value as computed on `el` (the theme's colour), or `fallback` when it is unset. */
export function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}
