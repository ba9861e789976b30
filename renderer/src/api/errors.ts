// Turns anything a call can throw into an ApiError the UI can show (message + hint).
import { ApiError } from '../../../electron/shared/errors';

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Error && err.name === 'ZodError') {
    return new ApiError('internal', 'The studio backend sent a reply this version of the app does not understand.', 'Make sure the app and the backend are the same version.');
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError('internal', message || 'Something went wrong.');
}
