// Transport over the Electron preload bridge (window.studio): named methods that resolve to Result envelopes.
import type { CallName, StudioBridge } from '../../../electron/shared/contract';
import type { Transport } from '../../../electron/shared/client';

export function createIpcTransport(bridge: StudioBridge): Transport {
  const pickFolder = bridge.pickFolder;
  return {
    invoke(name: CallName, input: unknown): Promise<unknown> {
      const method = bridge.calls[name] as ((input: unknown) => Promise<unknown>) | undefined;
      if (typeof method !== 'function') return Promise.reject(new Error(`The preload bridge has no method for "${name}".`));
      return method(input);
    },
    on: (event, listener) => bridge.on(event, listener),
    ...(pickFolder ? { pickFolder: () => pickFolder() } : {}),
  };
}
