// What a panel's page accepts from its host and from its saved state: only values its schema (protocol/messages) passes.
import type { ZodMiniType } from 'zod/mini';

/** A parser giving the value the schema passes, or null for anything else. */
export function schemaParser<Value>(schema: ZodMiniType<Value>): (value: unknown) => Value | null {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : null;
  };
}

/**
 * A parser of the host's messages: null for what is not one of them. A message with a `type` that fails is logged to the
 * webview's developer tools, since it came from our host in a shape this page does not know.
 */
export function hostMessageParser<Message>(schema: ZodMiniType<Message>): (data: unknown) => Message | null {
  return (data) => {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    if (typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string') {
      const issue = parsed.error.issues[0];
      console.error(`Ignored a malformed '${data.type}' message from the host (${issue?.path.join('.') || 'message'}: ${issue?.message}).`);
    }
    return null;
  };
}
