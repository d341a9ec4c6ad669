/**
 * The raw-socket HTTP/1.1 layer of the test server: read one request from a
 * `Deno.Conn`, write one response, close.
 *
 * Why not `Deno.serve`: a fault must be able to drop a connection before
 * any response byte is written, which is what a client sees when a real
 * server or proxy dies (`TypeError` from `fetch`, not a `LibsqlError`), and
 * only raw sockets allow that. It is deliberately small: each connection
 * carries one request and is closed after the response
 * (`connection: close`), so the client never retries a dropped request on a
 * pooled connection; bodies come with `Content-Length` or chunked; there is
 * no keep-alive, TLS or HTTP/2.
 *
 * @module
 */
import { errorMessage } from "./errors.ts";

/** One parsed request. */
export interface HttpRequest {
  method: string;
  target: string;
  headers: Headers;
  body: Uint8Array;
}

/** What to answer: always a complete, small text or JSON body. */
export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

/** The content type of plain-text answers (probes, protocol errors). */
export const TEXT = "text/plain";
const JSON_TYPE = "application/json";
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const CRLF = new Uint8Array([13, 10]);
const HEAD_END = new Uint8Array([13, 10, 13, 10]);
const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
};

class HttpParseError extends Error {
  override name = "HttpParseError";
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Buffered reads from a connection. */
class ConnReader {
  readonly #conn: Deno.Conn;
  #buffer = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Reads more bytes; returns false at end of stream. */
  async #fill(): Promise<boolean> {
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buffer.length) {
      const bigger = new Uint8Array(this.#buffer.length * 2);
      bigger.set(this.#buffer);
      this.#buffer = bigger;
    }
    const n = await this.#conn.read(this.#buffer.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    return true;
  }

  /**
   * Reads through the next `delimiter` and returns the bytes before it, or
   * `null` if the stream ends before any byte.
   */
  async readUntil(
    delimiter: Uint8Array,
    limit: number,
  ): Promise<Uint8Array | null> {
    let searchFrom = 0;
    for (;;) {
      const found = indexOf(
        this.#buffer.subarray(this.#start, this.#end),
        delimiter,
        searchFrom,
      );
      if (found !== -1) {
        const line = this.#buffer.slice(this.#start, this.#start + found);
        this.#start += found + delimiter.length;
        return line;
      }
      const available = this.#end - this.#start;
      if (available > limit) {
        throw new HttpParseError(431, "Request head too large");
      }
      searchFrom = Math.max(0, available - delimiter.length + 1);
      if (!(await this.#fill())) {
        if (available === 0) return null;
        throw new HttpParseError(400, "Unexpected end of request");
      }
    }
  }

  async readExact(length: number): Promise<Uint8Array> {
    while (this.#end - this.#start < length) {
      if (!(await this.#fill())) {
        throw new HttpParseError(400, "Unexpected end of request body");
      }
    }
    const bytes = this.#buffer.slice(this.#start, this.#start + length);
    this.#start += length;
    return bytes;
  }
}

function indexOf(
  haystack: Uint8Array,
  needle: Uint8Array,
  from: number,
): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/** Reads one request, or returns `null` if the client sent nothing. */
async function readHttpRequest(conn: Deno.Conn): Promise<HttpRequest | null> {
  const reader = new ConnReader(conn);
  const head = await reader.readUntil(HEAD_END, MAX_HEAD_BYTES);
  if (head === null) return null;
  const [requestLine = "", ...headerLines] = new TextDecoder().decode(head)
    .split("\r\n");
  const [method, target, version] = requestLine.split(" ");
  if (
    method === undefined || target === undefined ||
    !version?.startsWith("HTTP/1.")
  ) {
    throw new HttpParseError(400, "Malformed request line");
  }
  const headers = new Headers();
  try {
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new TypeError(`Malformed header line`);
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
  } catch {
    throw new HttpParseError(400, "Malformed request headers");
  }

  let body: Uint8Array;
  if (headers.get("transfer-encoding")?.toLowerCase().includes("chunked")) {
    body = await readChunkedBody(reader);
  } else {
    const length = Number(headers.get("content-length") ?? "0");
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new HttpParseError(400, "Malformed Content-Length");
    }
    if (length > MAX_BODY_BYTES) {
      throw new HttpParseError(413, "Request body too large");
    }
    body = await reader.readExact(length);
  }
  return { method, target, headers, body };
}

async function readChunkedBody(reader: ConnReader): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const line = await reader.readUntil(CRLF, MAX_HEAD_BYTES);
    if (line === null) throw new HttpParseError(400, "Truncated chunked body");
    const sizeText = new TextDecoder().decode(line).split(";", 1)[0]?.trim();
    const size = Number.parseInt(sizeText ?? "", 16);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new HttpParseError(400, "Malformed chunk size");
    }
    if (size === 0) break;
    total += size;
    if (total > MAX_BODY_BYTES) {
      throw new HttpParseError(413, "Request body too large");
    }
    chunks.push(await reader.readExact(size));
    await reader.readExact(2); // The CRLF after the chunk data.
  }
  // Skip trailer fields up to the empty line.
  for (;;) {
    const line = await reader.readUntil(CRLF, MAX_HEAD_BYTES);
    if (line === null || line.length === 0) break;
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

async function writeResponse(
  conn: Deno.Conn,
  status: number,
  contentType: string,
  body: string,
): Promise<void> {
  const payload = new TextEncoder().encode(body);
  const head = new TextEncoder().encode(
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}\r\n` +
      `content-type: ${contentType}\r\n` +
      `content-length: ${payload.length}\r\n` +
      "connection: close\r\n\r\n",
  );
  const bytes = new Uint8Array(head.length + payload.length);
  bytes.set(head);
  bytes.set(payload, head.length);
  let written = 0;
  while (written < bytes.length) {
    written += await conn.write(bytes.subarray(written));
  }
}

/** A JSON answer. */
export function jsonResponse(status: number, body: unknown): HttpResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}

/** The HTTP 400 sqld gives a malformed Hrana request. */
export function protocolResponse(message: string): HttpResponse {
  return { status: 400, contentType: TEXT, body: message };
}

/** Closes a connection that may already be closed. */
export function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}

/**
 * Answers the one request `conn` carries. A request that cannot be parsed
 * gets its 4xx status, a handler that throws gets HTTP 500, and a handler
 * that returns `null` gets no answer at all: the caller then drops the
 * connection, which is how faults look like a dead server.
 *
 * @param conn The accepted connection; the caller closes it.
 * @param handle Turns the request into the response, or `null`.
 */
export async function serveConnection(
  conn: Deno.Conn,
  handle: (request: HttpRequest) => Promise<HttpResponse | null>,
): Promise<void> {
  let request: HttpRequest | null;
  try {
    request = await readHttpRequest(conn);
  } catch (error) {
    if (error instanceof HttpParseError) {
      await writeResponse(conn, error.status, TEXT, error.message)
        .catch(() => {});
    }
    return;
  }
  if (request === null) return;
  let response: HttpResponse | null;
  try {
    response = await handle(request);
  } catch (error) {
    response = jsonResponse(500, {
      error: `Internal Error: ${errorMessage(error)}`,
    });
  }
  if (response === null) return;
  await writeResponse(
    conn,
    response.status,
    response.contentType,
    response.body,
  )
    // The client went away or the server is closing; nothing to answer.
    .catch(() => {});
}
