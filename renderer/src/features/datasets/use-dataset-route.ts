// Hook: which dataset's report is open, from the hash (#/datasets/<id>), so reload and back/forward keep it.
import { useHashId } from '../../api/use-hash-id';

export const reportHref = (id: number): string => `#/datasets/${id}`;
export const listHref = '#/datasets';

export function useDatasetRoute(): [number | null, (id: number | null) => void] {
  return useHashId('datasets');
}
