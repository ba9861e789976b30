// Messages of the headless WebSocket transport: requests with sequence numbers, replies, events.
import { z } from 'zod';

export const WsRequestSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  call: z.string().max(200),
  input: z.unknown(),
});
export type WsRequest = z.infer<typeof WsRequestSchema>;
export type WsServerMessage =
  | { type: 'reply'; seq: number; result: unknown }
  | { type: 'event'; event: string; payload: unknown };
export const WsServerMessageSchema = z.union([
  z.object({ type: z.literal('reply'), seq: z.number(), result: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
/** Query parameter that carries the per-start token on the WebSocket and media URLs. */
export const TOKEN_PARAM = 'token';
