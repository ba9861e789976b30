// Transport over the headless server's WebSocket: sequence-numbered calls, pushed events, reconnect with backoff.
import { events, isEventName, type CallName, type EventName, type EventPayload } from '../../../electron/shared/contract';
import type { Transport } from '../../../electron/shared/client';
import { ApiError } from '../../../electron/shared/errors';
import { WsServerMessageSchema } from '../../../electron/shared/ws-protocol';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

interface Pending {
  resolve(result: unknown): void;
  reject(err: ApiError): void;
}

const LOST_HINT = 'The studio server stopped or the network dropped. It reconnects on its own; if it does not, restart the server and reload this page.';
const MAX_BACKOFF_MS = 10_000;

export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;
  private seq = 0;
  private attempt = 0;
  private disposed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly unsent: { seq: number; data: string }[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  state: ConnectionState = 'connecting';

  constructor(private readonly url: string) {
    this.connect();
  }

  invoke(name: CallName, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const seq = ++this.seq;
      this.pending.set(seq, { resolve, reject });
      const data = JSON.stringify({ seq, call: name, input });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(data);
      else this.unsent.push({ seq, data });
    });
  }

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.failPending();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      for (const { data } of this.unsent.splice(0)) socket.send(data);
    };
    socket.onmessage = (e) => this.receive(e.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending();
      if (this.disposed) return;
      this.setState('reconnecting');
      // Exponential backoff with jitter so a restarted server is not stampeded.
      const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private failPending(): void {
    this.unsent.length = 0;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new ApiError('internal', 'Lost connection to the studio backend', LOST_HINT));
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed;
    try {
      parsed = WsServerMessageSchema.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'reply') {
      const p = this.pending.get(msg.seq);
      this.pending.delete(msg.seq);
      p?.resolve(msg.result);
      return;
    }
    if (!isEventName(msg.event)) return;
    const payload = events[msg.event].safeParse(msg.payload);
    if (!payload.success) return;
    for (const l of this.listeners.get(msg.event) ?? []) l(payload.data);
  }
}
