// What every panel does with what its webview sends or saved: uses it only when it has the shape its schema
// (protocol/messages) gives.
import type { ZodMiniType } from 'zod/mini';

/** A webview message that failed validation: what to tell the user. */
export interface MalformedMessage { error: string }

export type ParsedMessage<Message> = Message | MalformedMessage;

export function isMalformed<Message>(parsed: ParsedMessage<Message>): parsed is MalformedMessage {
  return typeof parsed === 'object' && parsed !== null && 'error' in parsed;
}

/** Parses a webview message: the message, or what was wrong with it. */
export function messageParser<Message>(schema: ZodMiniType<Message>): (raw: unknown) => ParsedMessage<Message> {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    return { error: `Ignored a malformed panel message (${issue?.path.join('.') || 'message'}: ${issue?.message}).` };
  };
}

/** Parses a webview's saved state: the state when it has the expected shape, else null (its paths still need checking). */
export function stateParser<State>(schema: ZodMiniType<State>): (raw: unknown) => State | null {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  };
}
