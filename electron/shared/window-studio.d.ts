// window.studio: the bridge the Electron preload exposes (absent in the browser/headless build).
import type { StudioBridge } from './contract';

declare global {
  interface Window {
    studio?: StudioBridge;
  }
}

export {};
