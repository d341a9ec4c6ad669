/**
 * The formats' faster stand-ins for valibot schemas must behave exactly like
 * valibot's own. The dispatching `variant`: same success, output and issues
 * (message and path) as `v.variant`, for nested variants, a missing optional
 * discriminator, a value two options share, and lenient catch-alls. The
 * copy-free `looseObject`: same success and issues as `v.looseObject`, with
 * the input itself as output.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v from "valibot";
import { looseObject, variant } from "../../src/formats/_valibot.ts";

const leaf = v.looseObject({ kind: v.literal("a"), x: v.string() });
const subOne = v.looseObject({
  kind: v.literal("b"),
  sub: v.literal("one"),
  y: v.number(),
});
const subNone = v.looseObject({
  kind: v.literal("b"),
  sub: v.exactOptional(v.null()),
  z: v.boolean(),
});
const shared1 = v.looseObject({ kind: v.literal("c"), p: v.string() });
const shared2 = v.looseObject({ kind: v.literal("c"), q: v.string() });
const catchAll = v.looseObject({
  kind: v.pipe(v.string(), v.check((s) => !["a", "b", "c"].includes(s))),
});

const ours = variant("kind", [
  leaf,
  variant("sub", [subOne, subNone]),
  shared1,
  shared2,
  catchAll,
]);
const valibots = v.variant("kind", [
  leaf,
  v.variant("sub", [subOne, subNone]),
  shared1,
  shared2,
  catchAll,
]);
// A catch-all that also accepts the fixed values: valibot moves on to it when
// the fixed option has issues.
const anyKind = v.looseObject({ kind: v.string() });
const overlapOurs = variant("kind", [leaf, shared1, anyKind]);
const overlapValibots = v.variant("kind", [leaf, shared1, anyKind]);
const strictOurs = variant("kind", [leaf, variant("sub", [subOne, subNone])]);
const strictValibots = v.variant("kind", [
  leaf,
  v.variant("sub", [subOne, subNone]),
]);

function outcome(schema: v.GenericSchema, input: unknown) {
  const result = v.safeParse(schema, input);
  return {
    success: result.success,
    output: result.output,
    issues: result.issues?.map((issue) => ({
      message: issue.message,
      path: issue.path?.map((item) => item.key),
    })),
  };
}

const field = (values: readonly unknown[]) =>
  fc.option(fc.constantFrom(...values), { nil: undefined });
const candidate = fc.record({
  kind: field(["a", "b", "c", "d", "", 1, null]),
  sub: field(["one", "two", null, 0]),
  x: field(["text", 2]),
  y: field([3, "3"]),
  z: field([true, "yes"]),
  p: field(["p", false]),
  q: field(["q", []]),
}).map((record) =>
  Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  )
);
const input = fc.oneof(
  candidate,
  candidate,
  candidate,
  fc.jsonValue(),
);

Deno.test("variant() gives the same result and issues as v.variant()", () => {
  fc.assert(
    fc.property(input, (value) => {
      assert.deepEqual(outcome(ours, value), outcome(valibots, value));
      assert.deepEqual(
        outcome(overlapOurs, value),
        outcome(overlapValibots, value),
      );
      assert.deepEqual(
        outcome(strictOurs, value),
        outcome(strictValibots, value),
      );
    }),
    { numRuns: 3000 },
  );
});

Deno.test("variant() picks the option by its discriminator, nested too", () => {
  assert.equal(v.is(ours, { kind: "a", x: "hi" }), true);
  assert.equal(v.is(ours, { kind: "b", sub: "one", y: 1 }), true);
  assert.equal(v.is(ours, { kind: "b", z: false }), true);
  assert.equal(v.is(ours, { kind: "b", sub: "one", z: false }), false);
  assert.equal(v.is(ours, { kind: "c", q: "q" }), true);
  assert.equal(v.is(ours, { kind: "zzz" }), true);
  assert.equal(v.is(strictOurs, { kind: "zzz" }), false);
  const [issue] = v.safeParse(strictOurs, { kind: "zzz" }).issues ?? [];
  assert.deepEqual(issue?.path?.map((item) => item.key), ["kind"]);
});

const objectEntries = {
  name: v.string(),
  count: v.exactOptional(v.pipe(v.number(), v.integer())),
  note: v.optional(v.nullable(v.string())),
  tags: v.array(v.string()),
  nested: v.exactOptional(v.looseObject({ ok: v.boolean() })),
};
const copyFree = looseObject(objectEntries);
const copying = v.looseObject(objectEntries);

const objectInput = fc.oneof(
  fc.record({
    name: field(["n", 1]),
    count: field([1, 1.5, "1"]),
    note: field([null, "x", 2]),
    tags: field([[], ["a"], [1], "a"]),
    nested: field([{ ok: true }, { ok: 1 }, {}, null]),
    extra: field(["kept", { deep: [1] }]),
  }).map((record) =>
    Object.fromEntries(
      Object.entries(record).filter(([, value]) => value !== undefined),
    )
  ),
  fc.jsonValue(),
);

Deno.test("looseObject() gives the same result and issues as v.looseObject(), without copying", () => {
  for (const abortEarly of [false, true]) {
    fc.assert(
      fc.property(objectInput, (value) => {
        const ours = v.safeParse(copyFree, value, { abortEarly });
        const theirs = v.safeParse(copying, value, { abortEarly });
        const issues = (result: typeof ours) =>
          result.issues?.map((issue) => ({
            message: issue.message,
            path: issue.path?.map((item) => item.key),
          }));
        assert.equal(ours.success, theirs.success);
        assert.deepEqual(issues(ours), issues(theirs));
        if (ours.success) {
          assert.equal(ours.output, value, "the input itself");
          assert.deepEqual(ours.output, theirs.output);
        }
      }),
      { numRuns: 2000 },
    );
  }
});

Deno.test("looseObject() refuses entries with defaults (it never copies)", () => {
  assert.throws(
    () => looseObject({ a: v.optional(v.string(), "x") }),
    TypeError,
  );
});
