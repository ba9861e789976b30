// Hook: the settings context (values, save status, update, reset).
import { useContext } from 'react';
import { SettingsContext, type SettingsContextValue } from './settings-context';

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings must be used inside <SettingsProvider>.');
  return value;
}
