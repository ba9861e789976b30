// The sandboxed preload: exposes window.studio with one named method per contract call and nothing raw.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  callNames,
  events,
  isEventName,
  type EventName,
  type EventPayload,
  type StudioBridge,
  type StudioMethods,
} from '../shared/contract';
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL } from '../main/channels';

function buildCalls(): StudioMethods {
  const methods = Object.fromEntries(
    callNames.map((name) => [name, (input: unknown): Promise<unknown> => ipcRenderer.invoke(name, input)]),
  );
  // Object.fromEntries loses the key-to-signature pairing; callNames covers every key of the contract.
  return Object.freeze(methods) as StudioMethods;
}

function isEventMessage(message: unknown): message is { event: unknown; payload: unknown } {
  return typeof message === 'object' && message !== null && 'event' in message && 'payload' in message;
}

const bridge = {
  calls: buildCalls(),
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    if (!isEventName(event)) throw new TypeError(`Unknown studio event: ${String(event)}`);
    const schema = events[event];
    const handler = (_sender: IpcRendererEvent, message: unknown): void => {
      if (!isEventMessage(message) || message.event !== event) return;
      const parsed = schema.safeParse(message.payload);
      if (parsed.success) listener(parsed.data as EventPayload<K>);
      else console.warn(`Dropped a malformed ${event} event`, parsed.error.issues);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  pickFolder: (): Promise<string | null> => ipcRenderer.invoke(PICK_FOLDER_CHANNEL),
} satisfies StudioBridge;

contextBridge.exposeInMainWorld('studio', bridge);
