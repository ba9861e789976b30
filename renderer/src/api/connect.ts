// Picks the transport: the Electron bridge when present, otherwise the headless WebSocket; one StudioClient over either.
import { StudioClient } from '../../../electron/shared/client';
import { TOKEN_PARAM } from '../../../electron/shared/ws-protocol';
import { createIpcTransport } from './ipc-transport';
import { electronMediaUrl, headlessMediaUrl } from './media-url';
import { WebSocketTransport } from './ws-transport';

export interface StudioConnection {
  client: StudioClient;
  mode: 'electron' | 'headless';
  mediaUrl(relPath: string): string;
  /** Only the WebSocket transport can lose its connection. */
  socket: WebSocketTransport | null;
}

export function connectStudio(): StudioConnection {
  if (window.studio) {
    return { client: new StudioClient(createIpcTransport(window.studio)), mode: 'electron', mediaUrl: electronMediaUrl, socket: null };
  }
  const token = new URLSearchParams(window.location.search).get(TOKEN_PARAM) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocketTransport(`${scheme}://${window.location.host}/api?${TOKEN_PARAM}=${encodeURIComponent(token)}`);
  return {
    client: new StudioClient(socket),
    mode: 'headless',
    mediaUrl: (relPath) => headlessMediaUrl(relPath, token),
    socket,
  };
}
