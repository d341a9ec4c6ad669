/**
 * What the JSON snapshot taken on every save costs, next to
 * `JSON.stringify` alone: on realistic Pydantic AI messages of 1–2 KB and on one 200 KB
 * tool result; and `checkJsonText` next to the `JSON.parse` that runs
 * beside it for messages given as JSON text.
 *
 * @module
 */
import {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_MESSAGE_BYTES,
  snapshot,
} from "../src/_snapshot.ts";
import { checkJsonText } from "../src/_json_text.ts";
import { PYDANTIC_FIXTURES } from "../tests/support/pydantic_fixtures.ts";

const limits = {
  maxDepth: DEFAULT_MAX_DEPTH,
  maxBytes: DEFAULT_MAX_MESSAGE_BYTES,
};

/** The fixture messages of 1–2 KB of JSON (tool calls, returns, media). */
const small = PYDANTIC_FIXTURES.map((f) => f.message).filter((m) => {
  const n = JSON.stringify(m).length;
  return n >= 1000 && n <= 2000;
});

/** A tool return carrying 200 KB of structured search results. */
const large = {
  parts: [{
    "tool_name": "search_documents",
    content: {
      query: "quarterly revenue by region",
      results: Array.from({ length: 700 }, (_, i) => ({
        id: `doc-${i.toString(36).padStart(6, "0")}`,
        title: `Report ${i}: revenue, margins and outlook for region ${i % 17}`,
        score: Math.round((1 - i / 700) * 1e6) / 1e6,
        url: `https://intranet.example.com/reports/${i}`,
        tags: ["finance", i % 2 === 0 ? "emea" : "apac", "q2"],
        excerpt: "Revenue grew 4.2% quarter on quarter, driven by services. ",
        pinned: i % 10 === 0,
        owner: i % 3 === 0 ? null : { name: "Analyst", team: "FP&A" },
      })),
    },
    "tool_call_id": "call_7Hq2",
    "tool_kind": null,
    metadata: null,
    timestamp: "2026-08-20T14:03:11.503118Z",
    outcome: "success",
    "part_kind": "tool-return",
  }],
  timestamp: "2026-08-20T14:03:11.503118Z",
  instructions: null,
  kind: "request",
  "run_id": "01990a6e-4b1c-7d2a-9f3e-5c8b7a6d4e21",
  metadata: null,
  state: "complete",
};

const sizes = small.map((m) => JSON.stringify(m).length);
const SMALL = `${small.length} messages of ${Math.min(...sizes)}–${
  Math.max(...sizes)
} B`;
const LARGE = `one ${
  Math.round(JSON.stringify(large).length / 1024)
} KB tool result`;

for (const [group, messages] of [[SMALL, small], [LARGE, [large]]] as const) {
  Deno.bench("JSON.stringify", { group, baseline: true }, () => {
    for (const m of messages) JSON.stringify(m);
  });
  Deno.bench("snapshot", { group }, () => {
    for (const m of messages) {
      if (!snapshot(m, limits).ok) throw new Error("refused");
    }
  });

  const texts = messages.map((m) => JSON.stringify(m));
  const textGroup = `${group}, as JSON text`;
  Deno.bench("JSON.parse", { group: textGroup, baseline: true }, () => {
    for (const t of texts) JSON.parse(t);
  });
  Deno.bench("checkJsonText", { group: textGroup }, () => {
    for (const t of texts) {
      if (!checkJsonText(t, limits).ok) throw new Error("refused");
    }
  });
}
