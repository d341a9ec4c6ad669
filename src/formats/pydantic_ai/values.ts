/**
 * The checks of Pydantic AI's scalar values that valibot has no schema for:
 * datetimes as Pydantic parses them, base64 as it decodes it, decimal
 * strings (a cost), and the JSON-object predicate the schemas and the text
 * extraction share.
 *
 * @module
 */
import { isObject, type JsonObject } from "../../json.ts";

/** Whether a value is a plain JSON object (not `null`, not an array). */
export const isJsonObject: (value: unknown) => value is JsonObject = isObject<
  JsonObject
>;

const URL_SAFE_BASE64 = /^[A-Za-z0-9_-]*$/;
const STANDARD_BASE64 = /^[A-Za-z0-9+/]*$/;

/**
 * Base64 as Pydantic decodes it: the URL-safe or the standard alphabet (not
 * both), canonical `=` padding or none, no whitespace.
 */
export function isBase64(text: string): boolean {
  const body = text.replace(/={1,2}$/, "");
  if (!URL_SAFE_BASE64.test(body) && !STANDARD_BASE64.test(body)) return false;
  return body.length === text.length
    ? body.length % 4 !== 1
    : text.length % 4 === 0;
}

// YYYY-MM-DD, optionally followed by a time HH:MM[:SS[.f{1,9}]] and a zone.
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[Tt _]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+\-\u2212]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The two-digit number at `at` (the pattern has checked they are digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/**
 * Whether a string is a datetime Pydantic accepts (valid calendar values).
 * The pattern fixes where each field is, so they are read in place.
 */
export function isDateTimeText(text: string): boolean {
  if (!DATE_TIME.test(text)) return false;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (
    year < 1 || month < 1 || month > 12 || day < 1 ||
    day > daysInMonth(year, month)
  ) return false;
  if (text.length === 10) return true;
  if (twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59) return false;
  if (text[16] === ":" && twoDigits(text, 17) > 59) return false;
  // A zone sign can only come after the time; its minutes end the text.
  for (let i = 16; i < text.length; i++) {
    const c = text[i];
    if (c === "+" || c === "-" || c === "\u2212") {
      return twoDigits(text, i + 1) <= 23 &&
        twoDigits(text, text.length - 2) <= 59;
    }
  }
  return true;
}

/** A decimal string as Pydantic parses a `Decimal` (`"0.00026425"`, `"1e-5"`). */
export const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
