/**
 * Type tests: they fail compilation (and so `deno test`, which type-checks
 * first) if the public types drift.
 */
import * as v from "valibot";
import {
  defineFormat,
  type History,
  type MessageRecord,
  type ModelMessage,
  ModelMessagesSchema,
  openHistory,
  type SaveResult,
  type Session,
} from "../mod.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends
  (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;

const chat = defineFormat({
  name: "chat",
  version: "1",
  schema: v.object({ who: v.picklist(["me", "bot"]), text: v.string() }),
  roleOf: (m) => (m.who === "me" ? "user" : "model"),
});
type Chat = { who: "me" | "bot"; text: string };

Deno.test("the public API is typed by the message format", async () => {
  await using history = await openHistory({ url: ":memory:", env: false });
  const { id } = await history.getOrCreateSession();
  const messages = await history.getMessages(id);
  const records = await history.getMessageRecords(id);
  const saved = await history.saveMessages(id, []);
  const chats = history.withFormat(chat);
  const session = await history.getSession(id);
  const parsed = v.parse(ModelMessagesSchema, []);

  type _1 = Expect<Equal<typeof history, History<ModelMessage>>>;
  type _2 = Expect<Equal<typeof messages, ModelMessage[]>>;
  type _3 = Expect<Equal<typeof records, MessageRecord<ModelMessage>[]>>;
  type _4 = Expect<Equal<typeof saved, SaveResult>>;
  type _5 = Expect<Equal<typeof chats, History<Chat>>>;
  type _6 = Expect<
    Equal<Awaited<ReturnType<typeof chats.getMessages>>, Chat[]>
  >;
  type _7 = Expect<Equal<typeof session, Session | undefined>>;
  type _8 = Expect<Equal<typeof parsed, ModelMessage[]>>;

  // @ts-expect-error a message of the wrong shape
  await history.saveMessages(id, [{ kind: "request" }]).catch(() => {});
  // @ts-expect-error a message of another format
  await history.saveMessages(id, [{ who: "me", text: "hi" }]).catch(() => {});
  // @ts-expect-error an id must be a string
  await history.getOrCreateSession(42).catch(() => {});
  // @ts-expect-error an unknown option
  await openHistory({ url: ":memory:", urll: "typo" }).then(
    (h) => h.close(),
    () => {},
  );
  // @ts-expect-error popMessages takes count or afterSeq, not both
  await history.popMessages(id, { count: 1, afterSeq: 2 }).catch(() => {});
  // @ts-expect-error updateSession takes metadata or metadataPatch, not both
  await history.updateSession(id, { metadata: {}, metadataPatch: {} }).catch(
    () => {},
  );
});
