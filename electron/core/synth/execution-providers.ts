// Which onnxruntime execution providers to try on this machine, and a report of the one that runs and why the others did not.
import type { InferenceSession } from 'onnxruntime-node';

export const providerNames = ['cuda', 'dml', 'coreml', 'cpu'] as const;
export type ProviderName = (typeof providerNames)[number];
export type ProviderRequest = ProviderName | 'auto';

export interface ProviderAttempt { name: ProviderName; ok: boolean; reason: string }
export interface ProviderReport {
  /** The provider the sessions run on. */
  chosen: ProviderName;
  attempts: ProviderAttempt[];
  runtimeVersion: string;
  threads: number;
  /** One paragraph for people: which one runs and why another did not. */
  text: string;
}

/** Providers worth trying here, best first: CUDA on Linux/Windows, DirectML on Windows, CoreML on macOS, CPU always. */
export function candidateProviders(request: ProviderRequest, platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (request !== 'auto') return request === 'cpu' ? ['cpu'] : [request, 'cpu'];
  const out: ProviderName[] = [];
  if (platform === 'linux' || platform === 'win32') out.push('cuda');
  if (platform === 'win32') out.push('dml');
  if (platform === 'darwin') out.push('coreml');
  out.push('cpu');
  return out;
}

// Whether the CUDA build runs on a given card (a GTX 1080 is compute capability 6.1) is decided when the provider loads
// its kernels; we report what session creation says rather than guess from the card's name.
const CUDA_HINT = 'To use an NVIDIA GPU, reinstall onnxruntime-node with its CUDA 12 provider (ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node, needs network), with a CUDA 12 driver and cuDNN 9 on the machine.';

/** Why `name` cannot be tried before any session is opened, or null when it might work. */
export function unavailableReason(name: ProviderName, backends: readonly { name: string; bundled: boolean }[], platform: NodeJS.Platform = process.platform): string | null {
  if (name === 'cpu') return null;
  if (name === 'dml' && platform !== 'win32') return 'DirectML exists only on Windows';
  if (name === 'coreml' && platform !== 'darwin') return 'CoreML exists only on macOS';
  if (name === 'cuda' && platform === 'darwin') return 'CUDA is not available on macOS';
  const b = backends.find((x) => x.name === name);
  if (!b) return `this onnxruntime-node build has no ${name} provider (it lists: ${backends.map((x) => `${x.name}${x.bundled ? '' : ' (not installed)'}`).join(', ')})`;
  if (!b.bundled) {
    return name === 'cuda'
      ? `this onnxruntime-node build supports CUDA but its provider libraries are not installed (installed with ONNXRUNTIME_NODE_INSTALL=skip or without CUDA). ${CUDA_HINT}`
      : `the ${name} provider libraries are not installed`;
  }
  return null;
}

/**
 * The words for a provider that failed to open a session. CUDA kernels are compiled per GPU architecture and the
 * official onnxruntime CUDA 12 builds carry only some: Linux release builds SASS for compute capability 7.5, 8.0 and
 * 9.0 (+ PTX for 9.0, which cannot run on older cards), Windows builds include 6.1 (onnxruntime PR #23671, issue #28762).
 * So a GTX 1080 (Pascal, 6.1) runs the CUDA provider on Windows but not on Linux, where the session fails with
 * cudaErrorNoKernelImageForDevice.
 */
export function sessionFailureReason(name: ProviderName, message: string, platform: NodeJS.Platform = process.platform): string {
  const first = message.split('\n')[0] ?? 'failed to load';
  if (name === 'cuda' && /no kernel image|cudaErrorNoKernelImageForDevice/i.test(message)) {
    return `this GPU's architecture is not in the installed onnxruntime CUDA build (${first}). `
      + (platform === 'win32'
        ? 'Update the NVIDIA driver, or use DirectML (provider dml).'
        : 'The Linux CUDA 12 builds have kernels for compute capability 7.5 and newer; a GTX 10-series card (6.1) needs Windows (CUDA or DirectML) or a build of onnxruntime made for it. CPU synthesis works meanwhile.');
  }
  if (name === 'cuda' && /libcudnn|libcublas|libcudart|cannot open shared object|LoadLibrary/i.test(message)) {
    return `the CUDA provider is installed but a CUDA library is missing (${first}). ${CUDA_HINT}`;
  }
  return first;
}

export function sessionOptionsFor(name: ProviderName, threads: number): InferenceSession.SessionOptions {
  return {
    executionProviders: [name === 'cpu' ? 'cpu' : name, ...(name === 'cpu' ? [] : ['cpu' as const])],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  };
}

export function reportText(r: Omit<ProviderReport, 'text'>): string {
  const failed = r.attempts.filter((a) => !a.ok && a.name !== r.chosen);
  const why = failed.map((a) => `${a.name}: ${a.reason}`).join(' ');
  return `Synthesis runs on ${r.chosen.toUpperCase()} (onnxruntime ${r.runtimeVersion}, ${r.threads} thread${r.threads === 1 ? '' : 's'}).${why ? ` Not used — ${why}` : ''}`;
}
