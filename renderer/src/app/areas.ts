// The studio's areas: their ids, labels, hash routes and keyboard shortcuts (Ctrl/Cmd+1..8, in this order).
export const areaIds = ['workspace', 'record', 'datasets', 'training', 'voices', 'books', 'lab', 'settings'] as const;
export type AreaId = (typeof areaIds)[number];

export const areaLabels: Record<AreaId, string> = {
  workspace: 'Workspace',
  record: 'Record',
  datasets: 'Datasets',
  training: 'Training',
  voices: 'Voices',
  books: 'Books',
  lab: 'Lab',
  settings: 'Settings',
};

export function areaHref(area: AreaId): string {
  return area === 'workspace' ? '#/' : `#/${area}`;
}

export function areaFromHash(hash: string): AreaId {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (areaIds as readonly string[]).includes(name) ? (name as AreaId) : 'workspace';
}
