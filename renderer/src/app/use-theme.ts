// Hook: applies the theme setting as [data-theme] on <html>; 'system' follows prefers-color-scheme live.
import { useEffect } from 'react';
import type { Settings } from '../../../electron/shared/contract';

export function useTheme(theme: Settings['theme']): void {
  useEffect(() => {
    const root = document.documentElement;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      root.dataset.theme = theme === 'system' ? (query.matches ? 'dark' : 'light') : theme;
      root.dataset.themeSetting = theme;
    };
    apply();
    if (theme !== 'system') return undefined;
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);
}
