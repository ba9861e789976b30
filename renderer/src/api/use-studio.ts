// Hook: the studio connection (client, mode, media URLs) from context.
import { useContext } from 'react';
import { StudioContext, type StudioContextValue } from './studio-context';

export function useStudio(): StudioContextValue {
  const value = useContext(StudioContext);
  if (!value) throw new Error('useStudio must be used inside <StudioProvider>.');
  return value;
}
