/**
 * Tests of the JSON snapshot taken of every input before it is validated
 * and stored (`src/_snapshot.ts`), and of the checks on messages given as
 * JSON text (`src/_json_text.ts`): one rule per table row, the hostile
 * inputs of issue 12 (getters, proxies, hidden `toJSON`, 100,000-deep and
 * 600 MiB values, duplicate keys), and property tests against
 * `JSON.stringify` / `JSON.parse` and the AI SDK's own base64.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { convertDataContentToBase64String } from "ai";
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_MESSAGE_BYTES,
  hasLoneSurrogate,
  type JsonPath,
  MAX_DEPTH_LIMIT,
  snapshot,
  type SnapshotLimits,
} from "../src/_snapshot.ts";
import { checkJsonText } from "../src/_json_text.ts";

const LIMITS: SnapshotLimits = { maxDepth: 8, maxBytes: 4096 };
const WIDE: SnapshotLimits = { maxDepth: MAX_DEPTH_LIMIT, maxBytes: 2 ** 28 };
const MiB = 1024 * 1024;

function accepted(
  value: unknown,
  limits = LIMITS,
): { text: string; value: unknown } {
  const result = snapshot(value, limits);
  if (!result.ok) {
    assert.fail(`refused at ${JSON.stringify(result.path)}: ${result.message}`);
  }
  assert.equal(result.text, JSON.stringify(result.value));
  return result;
}

function refused(
  value: unknown,
  path: JsonPath,
  fragment: string,
  limits = LIMITS,
): void {
  const result = snapshot(value, limits);
  assert.equal(result.ok, false, `accepted: ${result.ok && result.text}`);
  if (result.ok) return;
  assert.deepEqual(result.path, path);
  assert.ok(
    result.message.includes(fragment),
    `${JSON.stringify(result.message)} lacks ${JSON.stringify(fragment)}`,
  );
}

function nested(
  depth: number,
  leaf: unknown,
  wrap: (v: unknown) => unknown,
): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

class Plain {
  a = 1;
}

class WithToJson {
  toJSON(key: string): unknown {
    return { kind: "with-to-json", key };
  }
}

Deno.test("snapshot() accepts and converts by the table", async (t) => {
  const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
  const cases: [string, unknown, string][] = [
    [
      "plain JSON",
      { a: [1, "x", null, true, false, 1.5] },
      '{"a":[1,"x",null,true,false,1.5]}',
    ],
    [
      "an undefined key is absent",
      { a: 1, b: undefined, c: { d: undefined } },
      '{"a":1,"c":{}}',
    ],
    ["symbol keys are ignored", { [Symbol("s")]: 1, a: 2 }, '{"a":2}'],
    [
      "a null-prototype object",
      Object.assign(Object.create(null), { a: 1 }),
      '{"a":1}',
    ],
    ["-0 becomes 0", [-0], "[0]"],
    ["a lone surrogate is kept", ["\ud800"], '["\\ud800"]'],
    [
      "a __proto__ key stays a key",
      JSON.parse('{"__proto__":{"x":1}}'),
      '{"__proto__":{"x":1}}',
    ],
    [
      "a Date",
      { at: new Date(Date.UTC(2026, 7, 20, 14, 3, 10, 118)) },
      '{"at":"2026-08-20T14:03:10.118Z"}',
    ],
    [
      "a URL",
      { url: new URL("https://example.com/a b?q=1") },
      '{"url":"https://example.com/a%20b?q=1"}',
    ],
    ["a Uint8Array", bytes, '"AAEC+vv8/Q=="'],
    ["a Uint8Array view", bytes.subarray(3, 5), '"+vs="'],
    ["a Buffer (not its toJSON)", Buffer.from("hello"), '"aGVsbG8="'],
    ["an ArrayBuffer", bytes.slice().buffer, '"AAEC+vv8/Q=="'],
    ["an empty Uint8Array", new Uint8Array(0), '""'],
    ["an own toJSON", { a: { toJSON: () => [1, 2] } }, '{"a":[1,2]}'],
    [
      "an inherited toJSON, given its key",
      { k: new WithToJson() },
      '{"k":{"kind":"with-to-json","key":"k"}}',
    ],
    [
      "toJSON gets the array index",
      [new WithToJson()],
      '[{"kind":"with-to-json","key":"0"}]',
    ],
    [
      "a toJSON result with a Date",
      { toJSON: () => ({ d: new Date(0) }) },
      '{"d":"1970-01-01T00:00:00.000Z"}',
    ],
    [
      "a toJSON result keeps a toJSON key",
      { toJSON: () => ({ toJSON: "kept" }) },
      '{"toJSON":"kept"}',
    ],
    [
      "boxed primitives",
      [new String("s"), new Number(2), new Boolean(false)],
      '["s",2,false]',
    ],
    [
      "sparse keys order as JSON orders them",
      { b: 1, 2: 2, a: 3, 1: 4 },
      '{"1":4,"2":2,"b":1,"a":3}',
    ],
    [
      "a value that is exactly maxDepth deep",
      nested(8, 1, (v) => [v]),
      "[[[[[[[[1]]]]]]]]",
    ],
    [
      "a shared (not circular) object",
      (() => {
        const s = { x: 1 };
        return { a: s, b: [s, s] };
      })(),
      '{"a":{"x":1},"b":[{"x":1},{"x":1}]}',
    ],
  ];
  for (const [name, input, text] of cases) {
    await t.step(name, () => {
      const result = accepted(input);
      assert.equal(result.text, text);
      assert.deepEqual(result.value, JSON.parse(text));
    });
  }
});

Deno.test("snapshot() refuses by the table, naming the path", async (t) => {
  const cycle: Record<string, unknown> = { a: { b: [1] } };
  ((cycle.a as Record<string, unknown>).b as unknown[]).push(cycle);
  const cases: [string, unknown, JsonPath, string][] = [
    ["undefined at the root", undefined, [], "undefined is not JSON"],
    [
      "undefined in an array",
      { a: [1, undefined] },
      ["a", 1],
      "undefined is not JSON",
    ],
    ["an array hole", { a: [1, , 3] }, ["a", 1], "hole"],
    ["a function", { a: { f: () => 1 } }, ["a", "f"], "a function is not JSON"],
    ["a class constructor", [class {}], [0], "a function is not JSON"],
    ["a symbol", [Symbol("x")], [0], "a symbol is not JSON"],
    ["a bigint", { n: 1n }, ["n"], "a bigint is not JSON"],
    ["a boxed bigint", { n: Object(1n) }, ["n"], "a bigint is not JSON"],
    ["NaN", { n: NaN }, ["n"], "NaN is not JSON"],
    ["Infinity", [Infinity], [0], "Infinity is not JSON"],
    ["-Infinity", [-Infinity], [0], "-Infinity is not JSON"],
    [
      "an invalid Date",
      { d: new Date("nope") },
      ["d"],
      "an invalid Date is not JSON",
    ],
    ["a Map", { m: new Map([[1, 2]]) }, ["m"], "a Map is not JSON"],
    ["a Set", { s: new Set([1]) }, ["s"], "a Set is not JSON"],
    ["a RegExp", [/x/], [0], "a RegExp is not JSON"],
    ["an Error", [new TypeError("boom")], [0], "a TypeError is not JSON"],
    ["a Promise", [Promise.resolve(1)], [0], "a Promise is not JSON"],
    ["a WeakMap", [new WeakMap()], [0], "a WeakMap is not JSON"],
    ["an Int8Array", [new Int8Array(1)], [0], "an Int8Array is not JSON"],
    [
      "a Uint8ClampedArray",
      [new Uint8ClampedArray(1)],
      [0],
      "a Uint8ClampedArray is not JSON",
    ],
    [
      "a Float64Array",
      [new Float64Array(1)],
      [0],
      "a Float64Array is not JSON",
    ],
    [
      "a DataView",
      [new DataView(new ArrayBuffer(1))],
      [0],
      "a DataView is not JSON",
    ],
    [
      "a SharedArrayBuffer",
      [new SharedArrayBuffer(1)],
      [0],
      "a SharedArrayBuffer is not JSON",
    ],
    [
      "a class instance without toJSON",
      { p: new Plain() },
      ["p"],
      "a Plain is not JSON",
    ],
    [
      "an object with a custom prototype",
      [Object.create({ a: 1 })],
      [0],
      "custom prototype",
    ],
    [
      "toJSON returning undefined",
      { a: { toJSON: () => undefined } },
      ["a"],
      "toJSON() returned undefined",
    ],
    [
      "toJSON returning a function",
      [{ toJSON: () => () => 1 }],
      [0],
      "a function is not JSON",
    ],
    [
      "toJSON returning a Map",
      [{ toJSON: () => new Map() }],
      [0],
      "a Map is not JSON",
    ],
    [
      "toJSON is not applied twice",
      [{ toJSON: () => new WithToJson() }],
      [0],
      "a WithToJson is not JSON",
    ],
    [
      "a toJSON result with a toJSON function",
      [{ toJSON: () => ({ toJSON: () => 1 }) }],
      [0, "toJSON"],
      "a function is not JSON",
    ],
    [
      "an array Proxy lying about its length",
      {
        a: new Proxy([], {
          get: (t, k) => (k === "length" ? "1" : Reflect.get(t, k)),
        }),
      },
      ["a"],
      "array length",
    ],
    [
      "a circular reference",
      cycle,
      ["a", "b", 1],
      "a circular reference is not JSON",
    ],
    [
      "an object that holds itself",
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return { o };
      })(),
      ["o", "self"],
      "a circular reference",
    ],
    ["nesting over maxDepth (arrays)", { a: nested(8, 1, (v) => [v]) }, [
      "a",
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ], "nested deeper than 8 levels"],
    ["nesting over maxDepth (objects)", nested(9, 1, (v) => ({ k: v })), [
      "k",
      "k",
      "k",
      "k",
      "k",
      "k",
      "k",
      "k",
    ], "nested deeper than 8"],
    [
      "more than maxBytes",
      { a: "x".repeat(5000) },
      [],
      "larger than 4096 bytes",
    ],
    [
      "more than maxBytes of UTF-8",
      { a: "é".repeat(2100) },
      [],
      "larger than 4096 bytes",
    ],
    [
      "more than maxBytes of binary",
      { a: new Uint8Array(3100) },
      [],
      "larger than 4096 bytes",
    ],
    [
      "a throwing getter",
      {
        a: [{
          get b() {
            throw new Error("no b");
          },
        }],
      },
      ["a", 0, "b"],
      "reading it threw Error: no b",
    ],
    [
      "a throwing toJSON",
      {
        a: {
          toJSON() {
            throw new RangeError("no");
          },
        },
      },
      ["a"],
      "threw RangeError: no",
    ],
  ];
  for (const [name, input, path, fragment] of cases) {
    await t.step(name, () => refused(input, path, fragment));
  }
});

Deno.test("snapshot() reads each property once: a getter that changes per read", () => {
  let reads = 0;
  const message = {
    kind: "request",
    get parts(): unknown[] {
      reads++;
      return reads === 1
        ? [{ content: "checked" }]
        : [{ content: () => "forged" }];
    },
  };
  const result = accepted(message);
  assert.equal(reads, 1);
  assert.equal(
    result.text,
    '{"kind":"request","parts":[{"content":"checked"}]}',
  );
  // The snapshot is a copy: reading it again does not reach the getter.
  assert.deepEqual(result.value, JSON.parse(result.text));
  assert.equal(reads, 1);
});

Deno.test("snapshot() reads a Proxy through its traps once per key", () => {
  const reads = new Map<string, number>();
  let ownKeysCalls = 0;
  const liar = new Proxy({ real: "hidden" } as Record<string, unknown>, {
    ownKeys: () => (++ownKeysCalls === 1 ? ["a", "b"] : ["a", "b", "evil"]),
    getOwnPropertyDescriptor: (_target, key) => ({
      value: undefined,
      enumerable: key !== "b",
      configurable: true,
      writable: true,
    }),
    get: (_target, key) => {
      const name = String(key);
      const n = (reads.get(name) ?? 0) + 1;
      reads.set(name, n);
      return `${name}#${n}`;
    },
  });
  const result = accepted({ liar });
  assert.equal(result.text, '{"liar":{"a":"a#1"}}');
  assert.equal(reads.get("a"), 1);
  assert.equal(reads.get("b"), undefined); // not enumerable: never read
  assert.ok((reads.get("toJSON") ?? 0) <= 1);
  // An array proxy is an array, read element by element once.
  let elementReads = 0;
  const array = new Proxy([1, 2, 3], {
    get: (target, key, receiver) => {
      if (key !== "length" && typeof key === "string") elementReads++;
      return Reflect.get(target, key, receiver);
    },
  });
  assert.equal(accepted(array).text, "[1,2,3]");
  assert.equal(elementReads, 3 + 1); // three elements and one look for toJSON
});

Deno.test("snapshot() value is a copy, not the input", () => {
  const input = { a: [1, { b: "c" }] };
  const result = accepted(input);
  (input.a[1] as { b: string }).b = "changed";
  input.a.push(2);
  assert.deepEqual(result.value, { a: [1, { b: "c" }] });
  assert.notEqual(result.value, input);
});

Deno.test("snapshot() calls a non-enumerable toJSON, once", () => {
  let calls = 0;
  const value = Object.defineProperty({ visible: 1 }, "toJSON", {
    value: () => ({ n: ++calls }),
    enumerable: false,
  });
  const result = accepted({ value });
  assert.equal(result.text, '{"value":{"n":1}}');
  assert.equal(calls, 1);
  // An own enumerable toJSON that is not callable is an ordinary key.
  assert.equal(accepted({ toJSON: "text" }).text, '{"toJSON":"text"}');
});

Deno.test("snapshot() ignores enumerable keys inherited from Object.prototype", () => {
  const proto = Object.prototype as Record<string, unknown>;
  proto.polluted = "yes";
  try {
    assert.equal(accepted({ a: 1 }).text, '{"a":1}');
    assert.equal(accepted({ a: 1 }).text, JSON.stringify({ a: 1 }));
  } finally {
    delete proto.polluted;
  }
});

Deno.test("snapshot() refuses when a getter gives Object.prototype a toJSON", () => {
  const proto = Object.prototype as Record<string, unknown>;
  try {
    const value = {
      get a() {
        Object.defineProperty(proto, "toJSON", {
          value: () => "forged",
          configurable: true,
        });
        return 1;
      },
    };
    refused(value, [], "has a toJSON");
  } finally {
    delete proto.toJSON;
  }
  assert.equal(accepted({ a: 1 }).text, '{"a":1}');
});

Deno.test("snapshot() refuses 100,000-deep arrays and objects without overflowing", () => {
  const limits = {
    maxDepth: DEFAULT_MAX_DEPTH,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
  };
  for (const wrap of [(v: unknown) => [v], (v: unknown) => ({ k: v })]) {
    const deep = nested(100_000, "leaf", wrap);
    const result = snapshot(deep, limits);
    assert.equal(result.ok, false);
    if (result.ok) continue;
    assert.equal(result.path.length, DEFAULT_MAX_DEPTH);
    assert.match(result.message, /nested deeper than 256 levels/);
  }
  // And a deep chain that closes into a cycle is named as a cycle.
  const head: unknown[] = [];
  let tail = head;
  for (let i = 0; i < 10; i++) {
    const next: unknown[] = [];
    tail.push(next);
    tail = next;
  }
  tail.push(head);
  refused(head, Array(11).fill(0), "a circular reference", limits);
});

Deno.test("snapshot() refuses a 600 MiB value quickly", () => {
  const limits = {
    maxDepth: DEFAULT_MAX_DEPTH,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
  };
  // V8 strings stop at 2^29 - 24 units, so 600 MiB is two 300 MiB strings,
  // or 300 Mi two-byte characters (600 MiB of UTF-8).
  const half = "x".repeat(300 * MiB);
  const wide = "é".repeat(300 * MiB);
  for (
    const value of [{ parts: [half, half] }, { content: wide }, [
      "x".repeat(500 * MiB),
    ]]
  ) {
    const started = performance.now();
    const result = snapshot(value, limits);
    const ms = performance.now() - started;
    assert.deepEqual(result, {
      ok: false,
      path: [],
      message:
        `the JSON text is larger than ${DEFAULT_MAX_MESSAGE_BYTES} bytes`,
    });
    assert.ok(ms < 250, `took ${ms.toFixed(1)} ms`);
  }
  const started = performance.now();
  const result = checkJsonText(`"${half}"`, limits);
  assert.equal(result.ok, false);
  assert.ok(performance.now() - started < 250);
});

Deno.test("snapshot() stops a structure that shares one object exponentially often", () => {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < 60; i++) v = { a: v, b: v };
  refused(v, [], "larger than", { maxDepth: 100, maxBytes: MiB });
});

Deno.test("snapshot() size limit is exact in UTF-8 bytes", () => {
  const value = { a: "é€😀x", b: [1, true, null] };
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  accepted(value, { maxDepth: 8, maxBytes: bytes });
  refused(value, [], "larger than", { maxDepth: 8, maxBytes: bytes - 1 });
});

Deno.test("snapshot() and checkJsonText() check their limits", () => {
  for (
    const limits of [
      { maxDepth: 0, maxBytes: 10 },
      { maxDepth: MAX_DEPTH_LIMIT + 1, maxBytes: 10 },
      { maxDepth: 1.5, maxBytes: 10 },
      { maxDepth: 10, maxBytes: 0 },
      { maxDepth: 10, maxBytes: Infinity },
    ]
  ) {
    assert.throws(() => snapshot(1, limits), RangeError);
    assert.throws(() => checkJsonText("1", limits), RangeError);
  }
});

Deno.test("hasLoneSurrogate() finds halves of pairs", () => {
  assert.equal(hasLoneSurrogate("plain ascii"), false);
  assert.equal(hasLoneSurrogate("pair 😀"), false);
  assert.equal(hasLoneSurrogate("high \ud83d alone"), true);
  assert.equal(hasLoneSurrogate("low \ude00 alone"), true);
  assert.equal(hasLoneSurrogate("\ude00\ud83d"), true);
});

Deno.test("checkJsonText() refuses duplicate keys, naming the object and key", async (t) => {
  const cases: [string, string, JsonPath, string][] = [
    ["at the root", '{"a":1,"a":2}', ["a"], 'duplicate key "a"'],
    ["at depth", '{"a":[{"b":1},{"c":{"x":1,"y":[],"x":3}}]}', [
      "a",
      1,
      "c",
      "x",
    ], 'duplicate key "x"'],
    [
      "equal after decoding escapes",
      '{"a":1,"\\u0061":2}',
      ["a"],
      'duplicate key "a"',
    ],
    [
      "with an escaped quote",
      '{"a\\"b":1, "a\\"b" : 2}',
      ['a"b'],
      'duplicate key "a\\"b"',
    ],
    [
      "after many keys",
      `{${
        Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(",")
      },"k7":0}`,
      ["k7"],
      'duplicate key "k7"',
    ],
    ["pretty-printed", '{\n  "m": {\n    "id": 1,\n    "id": 2\n  }\n}', [
      "m",
      "id",
    ], "duplicate key"],
    ["nesting over maxDepth", '{"a":[[[[[[[[1]]]]]]]]}', [
      "a",
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ], "nested deeper than 8 levels"],
    [
      "over maxBytes",
      JSON.stringify("é".repeat(2100)),
      [],
      "larger than 4096 bytes",
    ],
  ];
  for (const [name, text, path, fragment] of cases) {
    await t.step(name, () => {
      JSON.parse(text); // every case is valid JSON
      const result = checkJsonText(text, LIMITS);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.deepEqual(result.path, path);
      assert.ok(result.message.includes(fragment), result.message);
    });
  }
  const fine = [
    '{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}',
    '{"a":"{\\"a\\":1,\\"a\\":2}","b":"}","c":"\\\\"}',
    '{"a\\\\":1,"a":2}',
    '[{"k":1},{"k":2}]',
    "[[[[[[[[1]]]]]]]]",
    '  "text"  ',
    "{}",
  ];
  for (const text of fine) {
    JSON.parse(text);
    assert.deepEqual(checkJsonText(text, LIMITS), { ok: true }, text);
  }
});

Deno.test("checkJsonText() refuses 100,000-deep text without recursion", () => {
  const limits = {
    maxDepth: DEFAULT_MAX_DEPTH,
    maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
  };
  const texts = [
    "[".repeat(100_000) + "]".repeat(100_000),
    '{"k":'.repeat(100_000) + "1" + "}".repeat(100_000),
  ];
  for (const text of texts) {
    const result = checkJsonText(text, limits);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.path.length, DEFAULT_MAX_DEPTH);
  }
});

Deno.test("checkJsonText() ends without throwing on any text", () => {
  const limits = { maxDepth: 4, maxBytes: 4096 };
  const junk = [
    "",
    '"',
    '{"a',
    '{"a\\',
    "]]]}}}",
    "{{{{{{",
    '{"a":1,"a"',
    '{,,"a":1,"a":2',
    '\\"',
    '{"\\u12":1}',
  ];
  for (const text of junk) checkJsonText(text, limits);
  fc.assert(
    fc.property(
      fc.string({
        unit: fc.constantFrom(
          "{",
          "}",
          "[",
          "]",
          '"',
          "\\",
          ",",
          ":",
          "a",
          "1",
          " ",
        ),
      }),
      (text) => {
        const result = checkJsonText(text, limits);
        assert.ok(result.ok === true || Array.isArray(result.path));
      },
    ),
    { numRuns: 2000 },
  );
});

// --- properties --------------------------------------------------------------

const jsonValues = fc.oneof(
  fc.jsonValue(),
  fc.jsonValue({ stringUnit: "binary", maxDepth: 6 }),
);

Deno.test("property: snapshot() of a JSON value is JSON.stringify's text", () => {
  fc.assert(
    fc.property(jsonValues, (x) => {
      const result = snapshot(x, WIDE);
      assert.ok(result.ok);
      assert.equal(result.text, JSON.stringify(x));
      assert.deepEqual(result.value, JSON.parse(result.text));
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: keys whose value is undefined change nothing", () => {
  fc.assert(
    fc.property(jsonValues, fc.integer(), (x, seed) => {
      const withUndefined = addUndefinedKeys(x, prng(seed));
      const plain = snapshot(x, WIDE);
      const loose = snapshot(withUndefined, WIDE);
      assert.deepEqual(loose, plain);
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: the size limit is exact, and both checks agree on it", () => {
  fc.assert(
    fc.property(jsonValues, (x) => {
      const text = JSON.stringify(x);
      const bytes = new TextEncoder().encode(text).length;
      const at = { maxDepth: MAX_DEPTH_LIMIT, maxBytes: Math.max(1, bytes) };
      assert.ok(snapshot(x, at).ok);
      assert.deepEqual(checkJsonText(text, at), { ok: true });
      if (bytes > 1) {
        const under = { ...at, maxBytes: bytes - 1 };
        assert.equal(snapshot(x, under).ok, false);
        assert.equal(checkJsonText(text, under).ok, false);
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: checkJsonText() accepts JSON text without duplicate keys", () => {
  fc.assert(
    fc.property(jsonValues, fc.constantFrom(undefined, 2, "\t"), (x, space) => {
      const text = JSON.stringify(x, null, space);
      assert.deepEqual(checkJsonText(text, WIDE), { ok: true });
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.json(), (text) => {
      assert.deepEqual(checkJsonText(text, WIDE), { ok: true });
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: checkJsonText() finds a key written twice", () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
      fc.nat(),
      fc.jsonValue({ maxDepth: 1 }),
      (object, pick, extra) => {
        const keys = Object.keys(object);
        const key = keys[pick % keys.length]!;
        // `{"outer":[{…,"key":extra}]}`: the inner object ends with its key again.
        const inner = JSON.stringify(object);
        const doubled = `{"outer":[${inner.slice(0, -1)},${
          JSON.stringify(key)
        }:${JSON.stringify(extra)}}]}`;
        const result = checkJsonText(doubled, WIDE);
        assert.equal(result.ok, false);
        if (!result.ok) assert.deepEqual(result.path, ["outer", 0, key]);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("property: depth is counted the same way by both checks", () => {
  fc.assert(
    fc.property(jsonValues, fc.integer({ min: 1, max: 5 }), (x, maxDepth) => {
      const limits = { maxDepth, maxBytes: 2 ** 28 };
      const a = snapshot(x, limits);
      const b = checkJsonText(JSON.stringify(x), limits);
      assert.equal(a.ok, b.ok);
      if (!a.ok && !b.ok) assert.deepEqual(a, b);
    }),
    { numRuns: 500 },
  );
});

Deno.test("property: binary data is base64 exactly as the AI SDK writes it", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), (bytes, cut) => {
      const expected = convertDataContentToBase64String(bytes);
      assert.equal(accepted(bytes).value, expected);
      assert.equal(accepted(bytes.slice().buffer).value, expected);
      assert.equal(accepted(Buffer.from(bytes)).value, expected);
      const view = bytes.subarray(Math.min(cut, bytes.length));
      assert.equal(
        accepted(view).value,
        convertDataContentToBase64String(view),
      );
    }),
    { numRuns: 300 },
  );
});

/** A copy of `x` with keys whose value is `undefined` added to its objects. */
function addUndefinedKeys(x: unknown, rand: () => number): unknown {
  if (Array.isArray(x)) return x.map((e) => addUndefinedKeys(e, rand));
  if (x === null || typeof x !== "object") return x;
  const out: Record<string, unknown> = {};
  let extra = 0;
  const add = () => {
    while (rand() < 0.3) {
      const key = `undefined-${extra++}`;
      if (!Object.hasOwn(x, key)) out[key] = undefined;
    }
  };
  for (const [key, value] of Object.entries(x)) {
    add();
    Object.defineProperty(out, key, {
      value: addUndefinedKeys(value, rand),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  add();
  return out;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
