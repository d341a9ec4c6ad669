/**
 * Paging through `listSessions` to the end, for the listing tests: every
 * page is checked against its limit, and `between` runs after each one (to
 * change sessions while the cursor is in use).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { History } from "../../mod.ts";

/** The ids of every page, in order; `between` runs after every page. */
export async function pageAll(
  history: History,
  limit: number,
  between: (page: number) => Promise<void> = async () => {},
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let page = 0;
  do {
    const result = await history.listSessions({
      limit,
      ...(cursor ? { cursor } : {}),
    });
    assert(result.sessions.length <= limit);
    ids.push(...result.sessions.map((s) => s.id));
    cursor = result.nextCursor;
    await between(page++);
  } while (cursor);
  return ids;
}
