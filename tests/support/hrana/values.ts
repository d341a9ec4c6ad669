/**
 * Hrana values on the wire (`{"type": "integer", "value": "42"}` …) and
 * what `libsql` binds and returns for them.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { ProtocolError } from "./errors.ts";

/** What `libsql` binds and, with safe integers on, returns. */
export type SqlValue = null | bigint | number | string | Uint8Array;

/** A value as the Hrana JSON encoding writes it. */
export type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const INTEGER_TEXT = /^-?\d{1,19}$/;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Converts a wire value to what `libsql` binds (floats stay REAL). */
export function decodeValue(raw: unknown): SqlValue {
  if (!isRecord(raw)) throw new ProtocolError("A value must be an object");
  switch (raw.type) {
    case "null":
      return null;
    case "integer": {
      const text = raw.value;
      if (typeof text === "string" && INTEGER_TEXT.test(text)) {
        const value = BigInt(text);
        if (value >= I64_MIN && value <= I64_MAX) return value;
      }
      throw new ProtocolError(
        "An integer value must be a decimal string in the 64-bit range",
      );
    }
    case "float":
      if (typeof raw.value === "number") return raw.value;
      throw new ProtocolError("A float value must be a number");
    case "text":
      if (typeof raw.value === "string") return raw.value;
      throw new ProtocolError("A text value must be a string");
    case "blob":
      if (typeof raw.base64 === "string") {
        return new Uint8Array(Buffer.from(raw.base64, "base64"));
      }
      throw new ProtocolError("A blob value must have a base64 string");
  }
  throw new ProtocolError(`Unknown value type "${String(raw.type)}"`);
}

/** Converts what `libsql` returns (with safe integers) to a wire value. */
export function encodeValue(value: unknown): HranaValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") {
    return { type: "integer", value: value.toString() };
  }
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) {
    // sqld sends base64 without padding.
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.length)
      .toString("base64").replace(/=+$/, "");
    return { type: "blob", base64 };
  }
  throw new Error(`Cannot encode a value of type ${typeof value}`);
}

/** Makes inspector results easy to compare in tests. */
export function toPlainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER
      ? Number(value)
      : value;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  return value;
}
