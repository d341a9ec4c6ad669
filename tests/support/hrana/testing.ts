/**
 * Helpers for the test server's own tests: a client that closes itself, raw
 * pipeline requests, and an assertion on `LibsqlError` codes.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Client,
  type Config,
  createClient,
  LibsqlError,
} from "@libsql/client/web";
import type { HranaServer } from "./mod.ts";

/** A `@libsql/client/web` client that closes itself with `using`. */
export function connect(
  server: HranaServer,
  config: Omit<Config, "url"> = {},
): Client & Disposable {
  const client = createClient({ url: server.url, ...config });
  return Object.assign(client, { [Symbol.dispose]: () => client.close() });
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asserts that `promise` rejects with a `LibsqlError` carrying `code`. */
export async function assertLibsqlError(
  promise: Promise<unknown>,
  code: string,
  messagePart?: string,
): Promise<LibsqlError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof LibsqlError, `expected LibsqlError: ${caught}`);
  assert.equal(caught.code, code, caught.message);
  if (messagePart !== undefined) {
    assert.ok(caught.message.includes(messagePart), caught.message);
  }
  return caught;
}

/** An HTTP response read whole. */
export interface RawResponse {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends a raw Hrana pipeline request and reads the whole response. */
export async function postPipeline(
  server: HranaServer,
  body: unknown,
  options: { version?: 2 | 3; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const response = await fetch(
    `${server.url}/v${options.version ?? 2}/pipeline`,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify(body),
    },
  );
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** Parses a successful pipeline response. */
export function pipelineBody(
  response: RawResponse,
): { baton: string | null; results: unknown[] } {
  assert.equal(response.status, 200, response.text);
  assert.equal(response.contentType, "application/json");
  return JSON.parse(response.text);
}
