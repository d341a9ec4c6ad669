/**
 * `history migrate`: creates or upgrades the database schema. Opening a
 * history applies the migrations it lacks; this command opens it (creating
 * a local file if there is none) and says what was applied.
 *
 * @module
 */
import { MIGRATION_TAGS } from "../../../mod.ts";
import type { Command } from "../command.ts";
import { inlineText } from "../transcript/text.ts";

/** `history migrate`. */
export const migrateCommand: Command = {
  name: "migrate",
  usage: "",
  summary: "Create or upgrade the database schema",
  description: [
    "Opens the database, which applies any migration it lacks (creating a",
    "local file if there is none), and reports what was applied, or that it",
    "is up to date.",
  ],
  flags: {},
  positionals: [0, 0],
  database: "create",
  async run({ out, history }) {
    const applied = history.migrationsApplied;
    const all = MIGRATION_TAGS;
    const url = inlineText(history.url);
    await out.line(
      applied.length > 0
        ? `Applied ${applied.length} migration${
          applied.length === 1 ? "" : "s"
        } to ${url}: ${applied.join(", ")}.`
        : `${url} is up to date (${all.length} migration${
          all.length === 1 ? "" : "s"
        }: ${all.join(", ")}).`,
    );
    return 0;
  },
};
