/**
 * The two per-process caches every view of a history shares. Neither is
 * ever trusted for correctness: a wrong or missing entry costs time, never
 * a wrong answer.
 *
 * @module
 */

/**
 * More sessions than one process writes to at a time, few enough that the
 * map stays small.
 */
const MAX_LAST_SEQS = 10_000;

/**
 * Session id → the last seq this process saw. A save uses it to gate its
 * write on that seq in one statement; a stale hint makes the write do
 * nothing, and the save runs again without it.
 */
export class LastSeqs {
  readonly #map = new Map<string, number>();

  /**
   * @param id The session id.
   * @returns The last seq seen, if any.
   */
  get(id: string): number | undefined {
    return this.#map.get(id);
  }

  /**
   * Records a seq. When full, the whole map is dropped rather than tracking
   * use: it is only a hint, and losing it costs one extra round trip per
   * session on its next save.
   *
   * @param id The session id.
   * @param seq Its last seq.
   */
  set(id: string, seq: number): void {
    if (this.#map.size >= MAX_LAST_SEQS && !this.#map.has(id)) {
      this.#map.clear();
    }
    this.#map.set(id, seq);
  }

  /** @param id A session whose last seq is no longer known. */
  delete(id: string): void {
    this.#map.delete(id);
  }

  /** Forgets every session (after deleting an unknown set of them). */
  clear(): void {
    this.#map.clear();
  }
}

/**
 * The stored texts this process has already checked against a format, by
 * exact text and bounded in size. Reading the same bytes again (an agent
 * re-reads its history every turn) reuses the verdict instead of running
 * valibot again; different bytes — a changed or corrupt row — are always
 * checked.
 */
export class CheckedTexts {
  readonly #budget: number;
  readonly #byFormat = new WeakMap<object, Map<string, true>>();
  readonly #sizes = new WeakMap<object, number>();

  /** @param budget The characters of text to remember per format; 0 for none. */
  constructor(budget: number) {
    this.#budget = budget;
  }

  /**
   * @param format The format the text was checked with.
   * @param text A stored message's JSON text.
   * @returns Whether it was checked before.
   */
  has(format: object, text: string): boolean {
    return this.#byFormat.get(format)?.has(text) ?? false;
  }

  /**
   * Remembers a checked text, dropping the oldest ones beyond the budget.
   * A text larger than a quarter of the budget is not kept: one such text
   * would push out many smaller ones, and the cache could hold only a few.
   *
   * @param format The format it was checked with.
   * @param text The text.
   */
  add(format: object, text: string): void {
    if (this.#budget <= 0 || text.length > this.#budget / 4) return;
    let texts = this.#byFormat.get(format);
    if (!texts) this.#byFormat.set(format, texts = new Map());
    let size = (this.#sizes.get(format) ?? 0) + text.length;
    texts.set(text, true);
    for (const oldest of texts.keys()) {
      if (size <= this.#budget) break;
      texts.delete(oldest);
      size -= oldest.length;
    }
    this.#sizes.set(format, size);
  }
}
