// What the agent tells Waldur when it errs an order or resource (`set_state_erred` / `set_as_erred`): with
// expose_backend_error_details (default true) the message and stack; otherwise only BackendError messages, so
// internal details stay in the agent's logs (real agent: format_waldur_error_details).
import { isBackendError } from '../backend/backend.js';

export interface WaldurErrorDetails {
  error_message: string;
  error_traceback: string;
}

export function errorDetails(err: unknown, expose: boolean): WaldurErrorDetails {
  if (expose) {
    if (err instanceof Error) return { error_message: err.message, error_traceback: err.stack ?? '' };
    return { error_message: String(err), error_traceback: '' };
  }
  if (isBackendError(err)) return { error_message: err.message, error_traceback: '' };
  return {
    error_message: 'Processing failed in the site agent; see its logs for details',
    error_traceback: '',
  };
}
