/**
 * Tests of what comes in (issue 12: "What is stored is what was
 * validated", "JSON text means one thing"; issue 13.1: values as the SDKs
 * return them): every message and metadata object is read once into a JSON
 * snapshot, the snapshot is validated and its text stored; JSON text is
 * checked for duplicate keys; lone surrogates are refused everywhere, ids
 * keep their rule. The limits are in `tests/input_limits_test.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as v from "valibot";
import { defineFormat, type JsonObject } from "../mod.ts";
import { ask, invalid, open } from "./support/inputs.ts";
import { tempDir } from "./support/targets.ts";

// --- what is stored is what was validated ---------------------------------

Deno.test("saveMessages() stores the snapshot it validated, never a second read", async (t) => {
  await using dir = await tempDir();
  const url = `file:${dir.path}/h.db`;
  await using history = await open({ url });
  const { id } = await history.getOrCreateSession("s");

  await t.step("a getter that answers differently on each read", async () => {
    let reads = 0;
    const part = {
      "part_kind": "user-prompt",
      get content() {
        return reads++ === 0 ? "validated" : 42;
      },
    };
    await history.saveMessages(
      id,
      [{ kind: "request", parts: [part] }] as never,
    );
    assert.equal(reads, 1);
  });

  await t.step(
    "a Proxy whose trap answers differently on each read",
    async () => {
      let reads = 0;
      const part = new Proxy({ part_kind: "user-prompt", content: "" }, {
        get(target, key) {
          if (key === "content") return reads++ === 0 ? "proxied" : { bad: 1 };
          return Reflect.get(target, key);
        },
      });
      await history.saveMessages(
        id,
        [{ kind: "request", parts: [part] }] as never,
      );
      assert.equal(reads, 1);
    },
  );

  await t.step(
    "a non-enumerable toJSON is what is validated and stored",
    async () => {
      const message = { kind: "bogus" };
      Object.defineProperty(message, "toJSON", {
        value: () => ask("from toJSON"),
        enumerable: false,
      });
      await history.saveMessages(id, [message] as never);
    },
  );

  await t.step("symbol keys are left out, as JSON leaves them", async () => {
    const message = { ...ask("symbols"), [Symbol("x")]: () => 1 };
    await history.saveMessages(id, [message]);
  });

  await t.step(
    "a fresh history reads every stored message as valid",
    async () => {
      await using fresh = await open({ url });
      const stored = await fresh.getMessages(id);
      assert.deepEqual(
        stored.map((m) => (m.parts[0] as { content: unknown }).content),
        ["validated", "proxied", "from toJSON", "symbols"],
      );
      assert.deepEqual(await history.getMessages(id), stored);
    },
  );

  await t.step(
    "what cannot be JSON is a ValidationError naming the path",
    async () => {
      class Point {
        x = 1;
      }
      const cases: [unknown, string, string][] = [
        [{ ...ask("x"), extra: new Point() }, "extra", "a Point is not JSON"],
        [{ ...ask("x"), extra: new Map() }, "extra", "a Map is not JSON"],
        [{ ...ask("x"), extra: { f: () => 1 } }, "extra.f", "a function"],
        [{ ...ask("x"), extra: [1, undefined] }, "extra.1", "undefined"],
        [{ ...ask("x"), extra: 10n }, "extra", "a bigint"],
        [{ ...ask("x"), extra: Number.NaN }, "extra", "NaN is not JSON"],
        [{ toJSON: () => undefined }, "", "toJSON() returned undefined"],
        [
          {
            ...ask("x"),
            get extra() {
              throw new Error("no");
            },
          },
          "extra",
          "reading it threw Error: no",
        ],
      ];
      for (const [message, path, fragment] of cases) {
        await invalid(
          history.saveMessages(id, [ask("ok"), message] as never),
          path,
          fragment,
          1,
        );
      }
      const cycle: Record<string, unknown> = { ...ask("x") };
      cycle.self = cycle;
      await invalid(
        history.saveMessages(id, [cycle] as never),
        "self",
        "circular",
      );
      assert.equal(
        (await history.getMessages(id)).length,
        4,
        "nothing written",
      );
    },
  );

  await t.step(
    "a toJSON on Object.prototype is refused, not stored",
    async () => {
      Object.defineProperty(Object.prototype, "toJSON", {
        value: () => "polluted",
        configurable: true,
      });
      try {
        await invalid(history.saveMessages(id, [ask("x")]), "", "toJSON");
      } finally {
        delete (Object.prototype as { toJSON?: unknown }).toJSON;
      }
    },
  );
});

Deno.test("every metadata object is snapshotted once and must be a plain object", async (t) => {
  await using history = await open();
  const { id } = await history.getOrCreateSession("s");
  const flaky = () => {
    let reads = 0;
    return {
      get title() {
        return reads++ === 0 ? "first" : ["second"];
      },
    };
  };
  const writes: [string, (metadata: unknown) => Promise<JsonObject>][] = [
    [
      "getOrCreateSession",
      async (metadata) =>
        (await history.getOrCreateSession(undefined, {
          metadata: metadata as JsonObject,
        })).metadata,
    ],
    [
      "updateSession metadata",
      async (metadata) =>
        (await history.updateSession(id, { metadata: metadata as JsonObject }))
          .metadata,
    ],
    ["updateSession metadataPatch", async (metadata) => {
      await history.updateSession(id, { metadata: {} });
      return (await history.updateSession(id, {
        metadataPatch: metadata as JsonObject,
      })).metadata;
    }],
    ["importSession", async (metadata) => {
      const sid = crypto.randomUUID();
      await history.importSession({
        id: sid,
        metadata: metadata as JsonObject,
        messages: [],
      });
      return (await history.getSession(sid))!.metadata;
    }],
    [
      "forkSession",
      async (metadata) =>
        (await history.forkSession(id, { metadata: metadata as JsonObject }))
          .metadata,
    ],
  ];
  for (const [name, write] of writes) {
    await t.step(name, async () => {
      assert.deepEqual(await write(flaky()), { title: "first" });
      assert.deepEqual(
        await write({
          at: new Date(0),
          url: new URL("https://example.com/a b"),
          bytes: new Uint8Array([104, 105]),
          gone: undefined,
        }),
        {
          at: "1970-01-01T00:00:00.000Z",
          url: "https://example.com/a%20b",
          bytes: "aGk=",
        },
      );
      assert.deepEqual(await write({ toJSON: () => ({ from: "toJSON" }) }), {
        from: "toJSON",
      });
      await invalid(
        write({ toJSON: () => [1, 2] }),
        "metadata",
        "must be a JSON object",
      );
      await invalid(write([]), "metadata", "must be a JSON object");
      await invalid(write(new Map()), "metadata", "a Map is not JSON");
      await invalid(
        write({ deep: { m: new Set() } }),
        "metadata.deep.m",
        "a Set",
      );
      await invalid(
        write({ toJSON: () => undefined }),
        "metadata",
        "undefined",
      );
    });
  }
});

// --- values as the SDKs return them (issue 13.1) ----------------------------

Deno.test("saveMessages() takes undefined keys, URL, Uint8Array, ArrayBuffer and Date for any format", async () => {
  await using history = await open();
  const format = defineFormat({
    name: "sdk-like",
    version: "1",
    schema: v.object({
      role: v.literal("user"),
      url: v.string(),
      bytes: v.string(),
      buffer: v.string(),
      at: v.string(),
      note: v.optional(v.string()),
      nested: v.array(
        v.object({ data: v.string(), meta: v.optional(v.unknown()) }),
      ),
    }),
    roleOf: () => "user",
  });
  const view = history.withFormat(format);
  const { id } = await history.getOrCreateSession("sdk", { format });
  const saved = {
    role: "user" as const,
    url: new URL("https://example.com/cat.png?x=1"),
    bytes: new Uint8Array([0, 1, 2, 250, 251, 252, 253]),
    buffer: new Uint8Array([1, 2, 3, 4]).buffer,
    at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    note: undefined,
    nested: [{ data: "x", meta: undefined }],
  };
  await view.saveMessages(id, [saved as never]);
  const expected = {
    role: "user",
    url: "https://example.com/cat.png?x=1",
    bytes: "AAEC+vv8/Q==",
    buffer: "AQIDBA==",
    at: "2026-01-02T03:04:05.006Z",
    nested: [{ data: "x" }],
  };
  assert.deepEqual(await view.getMessages(id), [expected]);
  assert.equal(await view.getMessagesJson(id), JSON.stringify([expected]));
});

// --- JSON text means one thing ----------------------------------------------

Deno.test("a message given as JSON text with a duplicate key is a ValidationError", async (t) => {
  await using history = await open();
  const { id } = await history.getOrCreateSession("s");
  const good =
    '{"kind":"request","parts":[{"part_kind":"user-prompt","content":"a"}]}';
  // Each case: the messages' texts, the path, the index of the bad one.
  const cases: [string[], string, number][] = [
    [[good, '{"kind":"request","kind":"response","parts":[]}'], "kind", 1],
    [
      [
        '{"kind":"request","parts":[{"part_kind":"user-prompt","content":"a","content":"b"}]}',
      ],
      "parts.0.content",
      0,
    ],
    [
      [
        '{"kind":"request","parts":[],"usage":{"input_tokens":1,"input_tokens":9}}',
      ],
      "usage.input_tokens",
      0,
    ],
    [['{"kind":"request","parts":[],"x":{"a":1,"\\u0061":2}}'], "x.a", 0],
  ];
  for (const [texts, path, index] of cases) {
    await t.step(path, async () => {
      await invalid(
        history.saveMessages(id, `[${texts.join(",")}]`),
        path,
        "duplicate key",
        index,
      );
      await invalid(
        history.importSession({
          id: crypto.randomUUID(),
          messages: texts.map((json) => ({ json })),
        }),
        path,
        "duplicate key",
        index,
      );
    });
  }
  await t.step(
    "the same key in different objects is fine, and text is stored byte for byte",
    async () => {
      const text =
        `[ {"kind":"request", "parts":[{"part_kind":"user-prompt","content":"a"},{"part_kind":"user-prompt","content":"b"}]} ]`;
      await history.saveMessages(id, text);
      assert.equal(
        await history.getMessagesJson(id),
        `[{"kind":"request", "parts":[{"part_kind":"user-prompt","content":"a"},{"part_kind":"user-prompt","content":"b"}]}]`,
      );
    },
  );
  assert.equal(
    (await history.listSessions()).sessions.length,
    1,
    "no import was written",
  );
});

// --- lone surrogates, NUL ---------------------------------------------------

Deno.test("lone surrogates are refused in values, keys, metadata and JSON text; NUL is data", async (t) => {
  await using history = await open();
  const { id } = await history.getOrCreateSession("s");
  await t.step("message values and keys", async () => {
    await invalid(
      history.saveMessages(id, [ask("a\ud800b")]),
      "parts.0.content",
      "lone surrogate",
      0,
    );
    await invalid(
      history.saveMessages(id, [{ ...ask("a"), ["k\udfff"]: 1 }]),
      "k\udfff",
      "lone surrogate",
      0,
    );
  });
  await t.step("JSON text, raw or escaped, in strings or keys", async () => {
    const text = (content: string) =>
      `[{"kind":"request","parts":[{"part_kind":"user-prompt","content":"${content}"}]}]`;
    for (
      const lone of [
        "\ud800",
        "\\ud800",
        "\\uDBFF",
        "\\udc00\\ud800",
        "\\ud83d",
        "x\\ude00",
      ]
    ) {
      await invalid(
        history.saveMessages(id, text(lone)),
        "parts.0.content",
        "lone surrogate",
        0,
      );
    }
    await invalid(
      history.saveMessages(id, `[{"kind":"request","parts":[],"\\ud800":1}]`),
      "\ud800",
      "lone surrogate",
    );
    await invalid(
      history.importSession({
        id: "imp",
        messages: [{ json: text("\\ud800").slice(1, -1) }],
      }),
      "parts.0.content",
      "lone surrogate",
    );
  });
  await t.step("metadata", async () => {
    await invalid(
      history.getOrCreateSession("m", { metadata: { a: "\udc00" } }),
      "metadata.a",
      "lone surrogate",
    );
    await invalid(
      history.updateSession(id, { metadataPatch: { ["\ud800"]: 1 } }),
      "metadata.\ud800",
      "lone surrogate",
    );
  });
  await t.step(
    "escaped pairs (as Python writes emoji) and NUL are kept",
    async () => {
      await history.saveMessages(
        id,
        `[{"kind":"request","parts":[{"part_kind":"user-prompt","content":"\\ud83d\\ude00 a\\u0000b"}]}]`,
      );
      await history.saveMessages(id, [ask("c\0d 😀")]);
      assert.deepEqual(
        (await history.getMessages(id)).map((m) =>
          (m.parts[0] as { content: string }).content
        ),
        ["😀 a\0b", "c\0d 😀"],
      );
      await history.updateSession(id, { metadata: { "k\0": "v\0" } });
      assert.deepEqual((await history.getSession(id))?.metadata, {
        "k\0": "v\0",
      });
    },
  );
  assert.equal(await history.getSession("m"), undefined);
  assert.equal(await history.getSession("imp"), undefined);
});

Deno.test("ids and owners with NUL or a lone surrogate are refused by the id rule", async () => {
  await using history = await open();
  const { id } = await history.getOrCreateSession("s", { owner: "o" });
  for (const bad of ["a\0b", "a\ud800", "\udc00"]) {
    await assert.rejects(history.getOrCreateSession(bad), RangeError);
    await assert.rejects(
      history.getOrCreateSession("x", { owner: bad }),
      RangeError,
    );
    assert.throws(() => history.forOwner(bad), RangeError);
    await assert.rejects(
      history.saveMessages(id, [ask("x")], { idempotencyKey: bad }),
      RangeError,
    );
    await assert.rejects(history.forkSession(id, { id: bad }), RangeError);
    await assert.rejects(
      history.importSession({ id: bad, messages: [] }),
      RangeError,
    );
    await assert.rejects(
      history.importSession({ id: "i", owner: bad, messages: [] }),
      RangeError,
    );
    await assert.rejects(history.listSessions({ owner: bad }), RangeError);
    await assert.rejects(history.getUsage({ owner: bad }), RangeError);
    await assert.rejects(history.getUsage({ sessionId: bad }), RangeError);
  }
  assert.equal((await history.listSessions()).sessions.length, 1);
});
