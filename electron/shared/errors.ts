// Typed errors and the one result envelope every transport carries.
import { z } from 'zod';

export const errorCodes = [
  'invalid_input',
  'unknown_call',
  'no_workspace',
  'workspace_unwritable',
  'workspace_from_future',
  'workspace_corrupt',
  'not_found',
  'path_outside_workspace',
  'conflict',
  'cancelled',
  'internal',
] as const;

export const ApiErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  hint: z.string().optional(),
});
export type ApiErrorCode = (typeof errorCodes)[number];
export type ApiErrorShape = z.infer<typeof ApiErrorSchema>;

/** An error a handler throws on purpose; it crosses every transport as {code, message, hint}. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly hint: string | undefined;
  constructor(code: ApiErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.hint = hint;
  }
  toJSON(): ApiErrorShape {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.hint);
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export const ResultEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);
