/**
 * The cut-off of `history prune --inactive-since`, read strictly: a real
 * calendar date (`2026-01-31`, UTC midnight), a date-time with an optional
 * UTC offset (`2026-01-31T12:00:00Z`; without an offset it is UTC, as every
 * time the tool prints), or a duration before now (`45s`, `90m`, `12h`,
 * `30d`, `2w`) of at most 100 years. Anything else — `2026-02-30`, `24:00`,
 * `999999999w` — is a {@linkcode UsageError}, never a date the reader did
 * not mean.
 *
 * @module
 */
import { UsageError } from "./errors.ts";
import { quote } from "./output.ts";

const DAY = 86_400_000;

const DURATION_UNITS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: DAY,
  w: 7 * DAY,
};

/** The longest duration: 100 years of 365.25 days. */
const MAX_DURATION = 36_525 * DAY;

const DURATION = /^(\d{1,12})([smhdw])$/;

/** Date, then optionally time (with seconds and fraction) and offset. */
const DATE_TIME =
  /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(Z|[+-]\d\d:?\d\d)?)?$/i;

const EXPECTED =
  "an ISO date (2026-01-31), an ISO date-time (2026-01-31T12:00:00Z) or a duration like 30d, 12h or 2w";

function refuse(text: string, why: string): UsageError {
  return new UsageError(
    `--inactive-since must be ${EXPECTED}; got ${quote(text)} (${why})`,
  );
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An offset `+02:00`, `-0530` or `Z` in milliseconds east of UTC. */
function offsetOf(text: string, zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(-2));
  if (hours > 23 || minutes > 59) {
    throw refuse(text, `${zone} is not a UTC offset`);
  }
  const sign = zone[0] === "-" ? -1 : 1;
  return sign * (hours * 60 + minutes) * 60_000;
}

function parseDate(text: string, m: RegExpExecArray): Date {
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) {
    throw refuse(text, `there is no month ${mo}`);
  }
  if (day < 1 || day > daysIn(year, month)) {
    throw refuse(text, `${y}-${mo} has no day ${d}`);
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw refuse(text, `${h}:${mi}:${s} is not a time of day`);
  }
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(
    Date.UTC(2000, month - 1, day, Number(h), Number(mi), Number(s), ms),
  );
  date.setUTCFullYear(year);
  return new Date(date.getTime() - offsetOf(text, zone));
}

/**
 * Reads a cut-off time.
 *
 * @example Dates, date-times and durations
 * ```ts
 * import { parseCutoff } from "./cutoff.ts";
 * import assert from "node:assert/strict";
 *
 * const now = Date.UTC(2026, 2, 1);
 * assert.equal(parseCutoff("2026-02-28", now).toISOString(), "2026-02-28T00:00:00.000Z");
 * assert.equal(parseCutoff("2026-01-31T12:00+01:00", now).toISOString(), "2026-01-31T11:00:00.000Z");
 * assert.equal(parseCutoff("2w", now).toISOString(), "2026-02-15T00:00:00.000Z");
 * assert.throws(() => parseCutoff("2026-02-30", now), /2026-02 has no day 30/);
 * assert.throws(() => parseCutoff("999999999w", now), /at most 100 years/);
 * ```
 *
 * @param text The argument of `--inactive-since`.
 * @param now The current time, in Unix milliseconds.
 * @returns The cut-off.
 * @throws {UsageError} When the text is not a real date, date-time or a
 *   duration of at most 100 years.
 */
export function parseCutoff(text: string, now: number): Date {
  const duration = DURATION.exec(text);
  if (duration) {
    const ms = Number(duration[1]) * DURATION_UNITS[duration[2]!]!;
    if (ms > MAX_DURATION) {
      throw refuse(text, "a duration must be at most 100 years (36525d)");
    }
    return new Date(now - ms);
  }
  const date = DATE_TIME.exec(text);
  if (!date) throw refuse(text, "not a date or a duration");
  return parseDate(text, date);
}
