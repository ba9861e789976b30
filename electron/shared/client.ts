// One typed API client over any transport that delivers Result envelopes (IPC bridge or WebSocket).
import { ApiError, ResultEnvelopeSchema } from './errors';
import { calls, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload } from './contract';

export interface Transport {
  invoke(name: CallName, input: unknown): Promise<unknown>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  pickFolder?: () => Promise<string | null>;
}

export class StudioClient {
  constructor(private readonly transport: Transport) {}

  /** Calls the backend; resolves to the typed value or rejects with an ApiError. */
  async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const raw = await this.transport.invoke(name, input);
    const envelope = ResultEnvelopeSchema.parse(raw);
    if (!envelope.ok) throw ApiError.from(envelope.error);
    return calls[name].output.parse(envelope.value) as CallOutput<K>;
  }

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    return this.transport.on(event, listener);
  }

  get canPickFolder(): boolean {
    return this.transport.pickFolder !== undefined;
  }

  async pickFolder(): Promise<string | null> {
    return this.transport.pickFolder ? this.transport.pickFolder() : null;
  }
}
