/**
 * Tests of the input limits (issue 12, "Limits, with typed errors"): the
 * `openHistory` options `maxMessageBytes`, `maxMetadataBytes`,
 * `maxMessagesPerCall` and `maxDepth` are exact and refused with
 * `ValidationError` before anything is written (bad option values with
 * `ConfigError`); 100,000-deep values name their path instead of
 * overflowing the stack; a 600 MiB input is refused quickly and aborts
 * neither the writer nor a reader (subprocesses).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  ConfigError,
  type HistoryOptions,
  type JsonObject,
  SessionNotFoundError,
} from "../mod.ts";
import {
  anyData,
  ask,
  invalid,
  MiB,
  nestedArrays,
  nestedObjects,
  open,
} from "./support/inputs.ts";
import { runDeno } from "./support/run.ts";
import { TARGETS, tempDir } from "./support/targets.ts";

// --- limits -----------------------------------------------------------------

Deno.test("openHistory() refuses bad limits with ConfigError", async () => {
  const bad: [keyof HistoryOptions, unknown][] = [
    ["maxMessageBytes", 0],
    ["maxMessageBytes", -1],
    ["maxMessageBytes", 1.5],
    ["maxMessageBytes", 256 * MiB + 1],
    ["maxMessageBytes", "16"],
    ["maxMetadataBytes", 0],
    ["maxMetadataBytes", Number.NaN],
    ["maxMetadataBytes", Infinity],
    ["maxMessagesPerCall", 0],
    ["maxMessagesPerCall", 1_000_001],
    ["maxDepth", 0],
    ["maxDepth", 257],
    ["maxDepth", 1000],
    ["maxDepth", null],
  ];
  for (const [name, value] of bad) {
    await assert.rejects(
      open({ [name]: value } as HistoryOptions),
      (e: unknown) => e instanceof ConfigError && e.message.includes(name),
      `${name}: ${value}`,
    );
  }
  await using ok = await open({
    maxMessageBytes: 256 * MiB,
    maxMetadataBytes: 1,
    maxMessagesPerCall: 1,
    maxDepth: 256,
  });
  assert.equal(ok.kind, "memory");
});

Deno.test("100,000-deep values are a ValidationError naming the path, never a RangeError", async (t) => {
  await using history = await open();
  const { id } = await history.getOrCreateSession("s");
  const DEEP = 100_000;
  const under = (prefix: string, step: string) =>
    new RegExp(`^${prefix.replace(/\./g, "\\.")}(\\.${step})+$`);
  for (
    const [name, deep, step] of [
      ["arrays", nestedArrays(DEEP), "0"],
      ["objects", nestedObjects(DEEP), "a"],
    ] as const
  ) {
    await t.step(`${name} in content, as values and as JSON text`, async () => {
      const error = await invalid(
        history.saveMessages(id, [ask("ok"), ask(deep)]),
        under("parts.0.content", step),
        "nested deeper than 256 levels",
        1,
      );
      assert(error.message.length < 400, "the message shows a cut path");
      await invalid(
        history.saveMessages(id, JSON.stringify([ask("ok"), ask(deep)])),
        under("parts.0.content", step),
        "nested deeper than 256 levels",
        1,
      );
      await invalid(
        history.importSession({
          id: "i",
          messages: [{ json: JSON.stringify(ask(deep)) }],
        }),
        under("parts.0.content", step),
        "nested deeper",
        0,
      );
    });
    await t.step(`${name} in metadata and a metadata patch`, async () => {
      const m = { deep } as JsonObject;
      const path = under("metadata.deep", step);
      await invalid(
        history.getOrCreateSession("m", { metadata: m }),
        path,
        "nested deeper",
      );
      await invalid(
        history.updateSession(id, { metadata: m }),
        path,
        "nested deeper",
      );
      await invalid(
        history.updateSession(id, { metadataPatch: m }),
        path,
        "nested deeper",
      );
      await invalid(
        history.forkSession(id, { metadata: m }),
        path,
        "nested deeper",
      );
      await invalid(
        history.importSession({ id: "i", metadata: m, messages: [] }),
        path,
        "nested deeper",
      );
    });
  }
  assert.equal(
    (await history.listSessions()).sessions.length,
    1,
    "nothing created",
  );
  assert.deepEqual(await history.getMessages(id), []);
  assert.deepEqual((await history.getSession(id))?.metadata, {});
});

Deno.test("maxDepth is exact: 256 levels are kept, 257 refused, in values, text and metadata", async () => {
  await using history = await open();
  const { id } = await history.getOrCreateSession("s", { format: anyData });
  const view = history.withFormat(anyData);
  // The message object is level 1, so `data` may hold 255 more.
  await view.saveMessages(id, [{ data: nestedArrays(255) }]);
  await view.saveMessages(id, JSON.stringify([{ data: nestedObjects(255) }]));
  await invalid(
    view.saveMessages(id, [{ data: nestedArrays(256) }]),
    /^data(\.0){255}$/,
    "deeper than 256",
  );
  await invalid(
    view.saveMessages(id, JSON.stringify([{ data: nestedObjects(256) }])),
    /^data(\.a){255}$/,
    "deeper than 256",
  );
  assert.equal((await view.getMessages(id)).length, 2);
  await history.updateSession(id, {
    metadata: { m: nestedObjects(255) } as JsonObject,
  });
  await history.updateSession(id, {
    metadataPatch: { m: nestedObjects(255, 2) } as JsonObject,
  });
  await invalid(
    history.updateSession(id, {
      metadataPatch: { m: nestedObjects(256) } as JsonObject,
    }),
    /^metadata\.m/,
  );
  assert.deepEqual((await history.getSession(id))?.metadata, {
    m: nestedObjects(255, 2),
  });

  await using shallow = await open({ maxDepth: 3 });
  const s = await shallow.getOrCreateSession("s", {
    format: anyData,
    metadata: { a: { b: 1 } },
  });
  await shallow.withFormat(anyData).saveMessages(s.id, [{ data: [[1]] }]);
  await invalid(
    shallow.withFormat(anyData).saveMessages(s.id, [{ data: [[[1]]] }]),
    "data.0.0",
    "deeper than 3",
  );
  await invalid(
    shallow.updateSession(s.id, { metadata: { a: { b: { c: {} } } } }),
    "metadata.a.b.c",
    "deeper than 3",
  );
});

Deno.test("maxMessageBytes, maxMetadataBytes and maxMessagesPerCall are exact and write nothing", async (t) => {
  await using history = await open({
    maxMessageBytes: 100,
    maxMetadataBytes: 50,
    maxMessagesPerCall: 3,
  });
  const { id } = await history.getOrCreateSession("s", { format: anyData });
  const view = history.withFormat(anyData);
  /** A message of exactly `bytes` bytes of UTF-8, mostly `char`. */
  const sized = (bytes: number, char = "x") => {
    const room = bytes - JSON.stringify({ data: "" }).length;
    const width = new TextEncoder().encode(char).length;
    const data = char.repeat(Math.floor(room / width)) +
      "x".repeat(room % width);
    const message = { data };
    assert.equal(
      new TextEncoder().encode(JSON.stringify(message)).length,
      bytes,
    );
    return message;
  };
  await t.step("message bytes are UTF-8 bytes of the stored text", async () => {
    await view.saveMessages(id, [sized(100), sized(100, "é")]);
    await view.saveMessages(id, JSON.stringify([sized(100, "€")]));
    await invalid(
      view.saveMessages(id, [sized(100), sized(102, "é")]),
      "",
      "larger than 100 bytes",
      1,
    );
    await invalid(
      view.saveMessages(id, JSON.stringify([sized(103, "€")])),
      "",
      "larger than 100 bytes",
      0,
    );
    await invalid(
      history.importSession({
        id: "i",
        messages: [{ json: JSON.stringify(sized(101)) }],
      }),
      "",
      "larger",
      0,
    );
    assert.equal((await view.getMessages(id)).length, 3);
  });
  await t.step("messages per call", async () => {
    const four = [sized(20), sized(20), sized(20), sized(20)];
    await invalid(
      view.saveMessages(id, four),
      "",
      "at most 3 (maxMessagesPerCall)",
    );
    await invalid(view.saveMessages(id, JSON.stringify(four)), "", "at most 3");
    // importSession restores a whole session: not limited per call.
    await view.importSession({
      id: "whole",
      messages: four.map((message) => ({ message })),
    });
    assert.equal((await view.getMessages("whole")).length, 4);
    await view.saveMessages(id, four.slice(1));
    assert.equal((await view.getMessages(id)).length, 6);
  });
  await t.step(
    "metadata bytes, and a patch whose merge would be too large",
    async () => {
      const meta = (n: number) => ({ k: "x".repeat(n - 8) }); // {"k":"…"}
      assert.equal(JSON.stringify(meta(50)).length, 50);
      await history.updateSession(id, { metadata: meta(50) });
      await invalid(
        history.updateSession(id, { metadata: meta(51) }),
        "metadata",
        "larger than 50 bytes",
      );
      await invalid(
        history.getOrCreateSession("m", { metadata: meta(51) }),
        "metadata",
        "larger than 50",
      );
      await history.updateSession(id, { metadata: { a: 1 } });
      await history.updateSession(id, { metadataPatch: { b: "y".repeat(30) } });
      await invalid(
        history.updateSession(id, { metadataPatch: { c: "z".repeat(30) } }),
        "metadata",
        "merged metadata would be larger than 50 bytes",
      );
      assert.deepEqual((await history.getSession(id))?.metadata, {
        a: 1,
        b: "y".repeat(30),
      });
      await history.updateSession(id, {
        metadataPatch: { b: null, c: "z".repeat(30) },
      });
      assert.deepEqual((await history.getSession(id))?.metadata, {
        a: 1,
        c: "z".repeat(30),
      });
      await assert.rejects(
        history.updateSession("nope", { metadataPatch: { c: 1 } }),
        SessionNotFoundError,
      );
    },
  );
  assert.equal(await history.getSession("i"), undefined);
  assert.equal(await history.getSession("m"), undefined);
});

for (const target of TARGETS) {
  Deno.test(`[${target.name}] the merged-patch limit holds in SQL, for an owner's view too`, async () => {
    await using db = await target.open({ maxMetadataBytes: 40 });
    const view = db.history.forOwner("o");
    const { id } = await view.getOrCreateSession("s", {
      metadata: { a: "x".repeat(20) },
    });
    await invalid(
      view.updateSession(id, { metadataPatch: { b: "y".repeat(20) } }),
      "metadata",
      "merged",
    );
    await assert.rejects(
      db.history.forOwner("other").updateSession(id, {
        metadataPatch: { b: 1 },
      }),
      SessionNotFoundError,
    );
    assert.deepEqual(
      (await view.updateSession(id, { metadataPatch: { b: 1 } })).metadata,
      {
        a: "x".repeat(20),
        b: 1,
      },
    );
  });
}

// --- 600 MiB: refused quickly, nothing aborts -------------------------------

const WRITER = `
import { openHistory, ValidationError } from "${
  new URL("../mod.ts", import.meta.url).href
}";
const MiB = 1024 * 1024;
const [url] = Deno.args;
const history = await openHistory({ url, env: false });
const { id } = await history.getOrCreateSession("s");
// 600 MiB of UTF-8 without 600 MiB of memory: one 100 MiB string, six times.
const chunk = "x".repeat(100 * MiB);
const six = [chunk, chunk, chunk, chunk, chunk, chunk];
// 600 MiB of UTF-8 in one string: 200 Mi characters of 3 bytes each.
const euros = "€".repeat(200 * MiB);
const attempts = {
  "message of six strings": () => history.saveMessages(id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: six }] }]),
  "message of one string": () => history.saveMessages(id, [{ kind: "request", parts: [{ part_kind: "user-prompt", content: euros }] }]),
  "message as JSON text": () => history.saveMessages(id, '[{"kind":"request","parts":[{"part_kind":"user-prompt","content":"' + euros + '"}]}]'),
  "metadata": () => history.getOrCreateSession("m", { metadata: { six } }),
  "metadata patch": () => history.updateSession(id, { metadataPatch: { euros } }),
};
const results = {};
for (const [name, attempt] of Object.entries(attempts)) {
  const start = performance.now();
  try {
    await attempt();
    results[name] = "accepted";
  } catch (error) {
    results[name] = error instanceof ValidationError
      ? { path: error.path, ms: Math.round(performance.now() - start), message: error.message }
      : String(error);
  }
}
await history.close();
console.log(JSON.stringify(results));
`;

const READER = `
import { openHistory } from "${new URL("../mod.ts", import.meta.url).href}";
const history = await openHistory({ url: Deno.args[0], env: false });
const sessions = (await history.listSessions()).sessions;
const messages = await history.getMessages("s");
const usage = await history.getUsage();
await history.close();
console.log(JSON.stringify({ sessions: sessions.map((s) => [s.id, s.metadata]), messages: messages.length, responses: usage.responses }));
`;

Deno.test("a 600 MiB message or metadata is refused quickly, and neither writer nor reader aborts", async () => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/h.db`;
  await Deno.writeTextFile(`${dir.path}/writer.ts`, WRITER);
  await Deno.writeTextFile(`${dir.path}/reader.ts`, READER);
  const writer = await runDeno(`${dir.path}/writer.ts`, {
    args: [url],
    timeoutMs: 240_000,
  });
  assert.equal(writer.code, 0, writer.stderr);
  const results = JSON.parse(writer.stdout) as Record<
    string,
    { path: string; ms: number; message: string }
  >;
  assert.deepEqual(Object.keys(results).length, 5);
  for (const [name, result] of Object.entries(results)) {
    assert.equal(typeof result, "object", `${name}: ${JSON.stringify(result)}`);
    assert.match(result.message, /larger than (16777216|1048576) bytes/, name);
    assert(result.ms < 20_000, `${name} took ${result.ms} ms`);
  }
  const reader = await runDeno(`${dir.path}/reader.ts`, { args: [url] });
  assert.equal(reader.code, 0, reader.stderr);
  assert.deepEqual(JSON.parse(reader.stdout), {
    sessions: [["s", {}]],
    messages: 0,
    responses: 0,
  });
});
