/**
 * `prune --inactive-since`, read strictly: real calendar dates, valid times
 * and offsets, durations of at most 100 years; everything else is a usage
 * error naming what is wrong, never a date nobody meant.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseCutoff } from "../../src/cli/cutoff.ts";
import { UsageError } from "../../src/cli/errors.ts";

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

Deno.test("parseCutoff() reads dates, date-times with and without offsets, and durations", () => {
  const cases: [string, string][] = [
    ["2026-01-31", "2026-01-31T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2000-02-29", "2000-02-29T00:00:00.000Z"],
    ["0001-01-01", "0001-01-01T00:00:00.000Z"],
    ["2026-01-31T12:00:00Z", "2026-01-31T12:00:00.000Z"],
    ["2026-01-31T12:00", "2026-01-31T12:00:00.000Z"],
    ["2026-01-31 23:59:59.999", "2026-01-31T23:59:59.999Z"],
    ["2026-01-31T12:00:00.123456789Z", "2026-01-31T12:00:00.123Z"],
    ["2026-01-31T12:00:00+02:00", "2026-01-31T10:00:00.000Z"],
    ["2026-01-31T12:00:00-0530", "2026-01-31T17:30:00.000Z"],
    ["45s", "2026-03-01T11:59:15.000Z"],
    ["90m", "2026-03-01T10:30:00.000Z"],
    ["12h", "2026-03-01T00:00:00.000Z"],
    ["30d", "2026-01-30T12:00:00.000Z"],
    ["2w", "2026-02-15T12:00:00.000Z"],
    ["0d", "2026-03-01T12:00:00.000Z"],
    ["36525d", new Date(NOW - 36_525 * 86_400_000).toISOString()],
  ];
  for (const [text, expected] of cases) {
    assert.equal(parseCutoff(text, NOW).toISOString(), expected, text);
  }
});

Deno.test("parseCutoff() refuses dates that do not exist and unbounded durations with a UsageError", () => {
  const cases: [string, RegExp][] = [
    ["2026-02-30", /2026-02 has no day 30/],
    ["2025-02-29", /2025-02 has no day 29/],
    ["1900-02-29", /1900-02 has no day 29/],
    ["2026-04-31", /2026-04 has no day 31/],
    ["2026-13-01", /there is no month 13/],
    ["2026-00-10", /there is no month 00/],
    ["2026-01-00", /has no day 00/],
    ["2026-01-31T24:00", /24:00:00 is not a time of day/],
    ["2026-01-31T12:60", /not a time of day/],
    ["2026-01-31T12:00:60Z", /not a time of day/],
    ["2026-01-31T12:00+24:00", /\+24:00 is not a UTC offset/],
    ["999999999w", /at most 100 years/],
    ["36526d", /at most 100 years/],
    ["5300w", /at most 100 years/],
    ["last week", /not a date or a duration/],
    ["30", /not a date or a duration/],
    ["30y", /not a date or a duration/],
    ["-1d", /not a date or a duration/],
    ["2026-1-5", /not a date or a duration/],
    ["", /not a date or a duration/],
  ];
  for (const [text, expected] of cases) {
    assert.throws(
      () => parseCutoff(text, NOW),
      (e: unknown) => {
        assert(e instanceof UsageError, `${text}: ${String(e)}`);
        assert.match(e.message, /^--inactive-since must be /);
        assert.match(e.message, expected, text);
        return true;
      },
    );
  }
});

Deno.test("property: every date parseCutoff() accepts is the calendar date written", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      (year, month, day) => {
        const pad = (n: number, w = 2) => String(n).padStart(w, "0");
        const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
        let date: Date;
        try {
          date = parseCutoff(text, NOW);
        } catch (error) {
          assert(error instanceof UsageError);
          // Refused only when there is no such day.
          const real = new Date(Date.UTC(2000, month - 1, day));
          real.setUTCFullYear(year);
          assert(
            month < 1 || month > 12 || real.getUTCDate() !== day,
            `${text} was refused`,
          );
          return;
        }
        assert.equal(date.toISOString().slice(0, 10), text);
      },
    ),
  );
});

Deno.test("property: no duration parseCutoff() accepts gives an invalid time", () => {
  fc.assert(
    fc.property(
      fc.nat({ max: 10 ** 12 - 1 }),
      fc.constantFrom("s", "m", "h", "d", "w"),
      (n, unit) => {
        try {
          const date = parseCutoff(`${n}${unit}`, NOW);
          assert(!Number.isNaN(date.getTime()));
          date.toISOString();
        } catch (error) {
          assert(error instanceof UsageError, String(error));
        }
      },
    ),
  );
});
