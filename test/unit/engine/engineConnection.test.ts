// How the extension's client and the sweep's workers read a failed engine request: the codes and data the engine
// server sends (server.ts), and the connection's own rejection when the engine dies.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { engineFailure } from '../../../src/engine/engineConnection';
import { ENGINE_ERROR_CANCELLED, ENGINE_ERROR_INTERNAL, ENGINE_ERROR_USER } from '../../../src/protocol/errors';

test('an engine error reads back as the user\'s, a cancellation, the engine\'s own with its stack, or the engine gone', () => {
  assert.deepEqual(engineFailure(new ResponseError(ENGINE_ERROR_USER, 'No images in /d.', { kind: 'user' })), { kind: 'user', message: 'No images in /d.' });
  assert.deepEqual(engineFailure(new ResponseError(ENGINE_ERROR_CANCELLED, 'Cancelled.', { kind: 'cancelled' })), { kind: 'cancelled', message: 'Cancelled.' });
  assert.deepEqual(engineFailure(new ResponseError(ENGINE_ERROR_INTERNAL, 'boom', { kind: 'internal', stack: 'Error: boom\n    at f' })),
    { kind: 'internal', message: 'boom', stack: 'Error: boom\n    at f' });
  assert.deepEqual(engineFailure(new ResponseError(ENGINE_ERROR_INTERNAL, 'The engine was not initialised.')), { kind: 'internal', message: 'The engine was not initialised.', stack: null });
  assert.deepEqual(engineFailure(new ResponseError(ErrorCodes.PendingResponseRejected, 'Pending response rejected since connection got disposed')), { kind: 'gone' });
  assert.deepEqual(engineFailure(new Error('Connection is closed.')), { kind: 'gone' });
  const other = new TypeError('x is not a function');
  assert.deepEqual(engineFailure(other), { kind: 'other', error: other });
});
