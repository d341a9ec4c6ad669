/**
 * The browser side of a chat, without a browser: the `ai` package's own
 * `AbstractChat` (the class `useChat` wraps) with a plain-array state, talking
 * through the SDK's `DefaultChatTransport` to a route handler called in
 * process — the same requests, SSE responses and client-side message
 * updates as a `useChat` page and its `/api/chat` route.
 *
 * @module
 */
import {
  AbstractChat,
  type ChatState,
  DefaultChatTransport,
  type UIMessage,
} from "ai";

/** A route handler: `POST /api/chat` of a chat server. */
export type ChatRoute = (request: Request) => Promise<Response>;

function arrayState(messages: UIMessage[]): ChatState<UIMessage> {
  const state: ChatState<UIMessage> = {
    status: "ready",
    error: undefined,
    messages,
    pushMessage: (message) => {
      state.messages = [...state.messages, message];
    },
    popMessage: () => {
      state.messages = state.messages.slice(0, -1);
    },
    replaceMessage: (index, message) => {
      state.messages = state.messages.with(index, message);
    },
    // What the React binding does: the UI gets a copy, not the live object.
    snapshot: (thing) => structuredClone(thing),
  };
  return state;
}

/** A chat whose messages live in an array and whose server is `route`. */
export class TestChat extends AbstractChat<UIMessage> {
  /**
   * Creates a chat.
   *
   * @param id The chat id (sent with every request, like `useChat({ id })`).
   * @param route The server's route handler.
   * @param options The messages the page loaded (`useChat({ messages })`),
   *   and the prefix of the ids the browser gives new messages.
   */
  constructor(
    id: string,
    route: ChatRoute,
    options: { messages?: UIMessage[]; idPrefix?: string } = {},
  ) {
    let n = 0;
    const prefix = options.idPrefix ?? "user";
    super({
      id,
      state: arrayState(options.messages ?? []),
      generateId: () => `${prefix}-${++n}`,
      transport: new DefaultChatTransport({
        api: "http://chat.test/api/chat",
        fetch: (input, init) => route(new Request(input, init)),
      }),
    });
  }
}
