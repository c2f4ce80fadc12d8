// Errors meant for the user: the message says what is wrong and what to do, with no stack needed.
export class UserFacingError extends Error {
  constructor(message: string, readonly code: UserErrorCode = 'bad-input') {
    super(message);
    this.name = 'UserFacingError';
  }
}

export type UserErrorCode = 'bad-input' | 'unsupported' | 'not-found' | 'too-large' | 'cancelled';

export function isUserFacingError(err: unknown): err is UserFacingError {
  return err instanceof UserFacingError;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The first line of an error's message, for one-line logs. */
export function firstLine(err: unknown): string {
  return errorMessage(err).split('\n')[0];
}
