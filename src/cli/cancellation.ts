// Ctrl-C cancels the running analysis cleanly; a second Ctrl-C exits at once. Either way the exit code is 130.
import { UserFacingError } from '../engine/errors';

export function cancelOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nCancelling… (press Ctrl-C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}

/** Ends a command whose cancelled run kept, printed and saved what had finished (`kept`): the CLI exits 130 with it. */
export function cancelledAfterPartialResults(kept: string): UserFacingError {
  return new UserFacingError(`Cancelled; ${kept}.`, 'cancelled');
}
