// URLs for workspace media: the studio-media:// protocol in Electron, /media/ with the token when headless.
import { TOKEN_PARAM } from '../../../electron/shared/ws-protocol';

function encodeRelPath(relPath: string): string {
  return relPath
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.')
    .map(encodeURIComponent)
    .join('/');
}

export function electronMediaUrl(relPath: string): string {
  return `studio-media://workspace/${encodeRelPath(relPath)}`;
}

export function headlessMediaUrl(relPath: string, token: string): string {
  return `/media/${encodeRelPath(relPath)}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}
