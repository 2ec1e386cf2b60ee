import { ErrorCodes, Message, ResponseError, type Connection, type MessageStrategy } from 'vscode-languageserver/node';

/**
 * The LSP lifecycle rules the JSON-RPC library does not enforce by itself (it dispatches
 * every message to its handler whatever the state). From the LSP 3.17 specification:
 *
 * - Initialize Request: "If the server receives a request or notification before the
 *   initialize request it should act as follows: for a request the response should be an
 *   error with code: -32002 [ServerNotInitialized] ... Notifications should be dropped,
 *   except for the exit notification." and "The initialize request may only be sent once."
 * - Shutdown Request: "If a server receives requests after a shutdown request those
 *   requests should error with InvalidRequest."
 * - Exit Notification: exit code 0 after shutdown, 1 otherwise (vscode-languageserver's
 *   own `exit` handler does this already).
 *
 * The library's MessageStrategy sees each message before dispatch but cannot answer it;
 * a request to refuse is handed on renamed to {@link REFUSED_METHOD}, whose handler
 * answers with the error it carries (same id, so the client gets the right response).
 */
export const REFUSED_METHOD = 'statefulManifests/internal/refused';

interface Refusal {
  code: number;
  message: string;
}

export class Lifecycle implements MessageStrategy {
  private initialized = false;
  private shutDown = false;

  handleMessage(message: Message, next: (message: Message) => unknown): ReturnType<MessageStrategy['handleMessage']> {
    if (Message.isRequest(message)) {
      const refusal = this.refusal(message.method);
      if (refusal) return next({ ...message, method: REFUSED_METHOD, params: refusal } as Message) as ReturnType<MessageStrategy['handleMessage']>;
      if (message.method === 'initialize') this.initialized = true;
      if (message.method === 'shutdown') this.shutDown = true;
    } else if (Message.isNotification(message) && message.method !== 'exit' && (!this.initialized || this.shutDown)) {
      return; // dropped, as the specification asks
    }
    return next(message) as ReturnType<MessageStrategy['handleMessage']>;
  }

  private refusal(method: string): Refusal | undefined {
    if (method === REFUSED_METHOD) return { code: ErrorCodes.MethodNotFound, message: `Unhandled method ${method}` };
    if (this.shutDown) return { code: ErrorCodes.InvalidRequest, message: `The server is shut down: ${method} is refused.` };
    if (method === 'initialize' && this.initialized) return { code: ErrorCodes.InvalidRequest, message: 'The server is already initialized.' };
    if (!this.initialized && method !== 'initialize') return { code: ErrorCodes.ServerNotInitialized, message: `The server is not initialized: ${method} is refused.` };
    return undefined;
  }

  /** Answers the refused requests with their error. */
  register(connection: Connection): void {
    connection.onRequest(REFUSED_METHOD, (refusal: Refusal) => {
      throw new ResponseError(refusal.code, refusal.message);
    });
  }
}
