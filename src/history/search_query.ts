/**
 * What a search query asks for: its words, each sorted by the index that
 * can find it. Words of scripts that separate words with spaces match whole
 * words of the `unicode61` index; words with a character of a script
 * written without spaces (Chinese, Japanese, Korean, Thai…) match anywhere
 * in the text, through the `trigram` index — by a phrase when they have
 * three characters or more, by the trigrams they begin when they have one
 * or two. The query is plain text, never FTS5 syntax: each word is quoted.
 *
 * @module
 */

/**
 * The code point ranges of scripts written without spaces between words.
 * Migration `0004_search_trigram` puts the messages with any of these
 * characters in the trigram index (its `GLOB` class is built from this
 * list; `tests/search_test.ts` checks that they agree).
 */
export const UNSPACED_RANGES: readonly (readonly [number, number])[] = [
  [0x0e00, 0x0eff], // Thai, Lao
  [0x1000, 0x109f], // Myanmar
  [0x1100, 0x11ff], // Hangul Jamo
  [0x1780, 0x17ff], // Khmer
  [0x1950, 0x19ff], // Tai Le, New Tai Lue, Khmer Symbols
  [0x1a20, 0x1aaf], // Tai Tham
  [0x1b00, 0x1b7f], // Balinese
  [0x2e80, 0x9fff], // CJK radicals and symbols, kana, Bopomofo, ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa9ff], // Hangul Jamo Extended-A, Javanese, Myanmar Extended-B
  [0xaa60, 0xaadf], // Myanmar Extended-A, Tai Viet
  [0xac00, 0xd7ff], // Hangul syllables, Hangul Jamo Extended-B
  [0xf900, 0xfaff], // CJK Compatibility Ideographs
  [0xff66, 0xffdc], // halfwidth Katakana and Hangul
  [0x16fe0, 0x18dff], // ideographic symbols, Tangut, Khitan
  [0x1aff0, 0x1b2ff], // Kana supplements, Nüshu
  [0x20000, 0x323af], // CJK Unified Ideographs Extensions B–H
];

const UNSPACED = new RegExp(
  `[${
    UNSPACED_RANGES.map(([from, to]) =>
      `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`
    ).join("")
  }]`,
  "u",
);

/** A word: letters, digits, marks, private-use characters, underscores. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}_]+/gu;

/** A character `unicode61` keeps in a token (the others separate tokens). */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

/** A query, sorted by index. */
export interface ParsedQuery {
  /**
   * The FTS5 query of the `unicode61` index: every space-separated word
   * quoted, implicitly `AND`ed; `""` when there is none.
   */
  readonly words: string;
  /**
   * The FTS5 query of the `trigram` index: every word without spaces of
   * three characters or more quoted, `AND`ed; `""` when there is none.
   */
  readonly long: string;
  /**
   * Words without spaces of one or two characters, folded as the trigram
   * index folds them: prefixes of its trigrams.
   */
  readonly short: readonly string[];
}

/**
 * Folds a short word as the trigram tokenizer (`remove_diacritics 1`) folds
 * its terms: lower case, and accents taken off letters that have them.
 */
function foldShort(word: string): string {
  return word.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC");
}

/**
 * Splits a query into words (NFC), each once, and sorts them by index.
 * A word without a letter or digit (`_`, a lone mark) asks for nothing.
 *
 * @param query The query as the caller wrote it.
 * @returns The words, by index; all empty when there are none.
 */
export function parseQuery(query: string): ParsedQuery {
  const spaced: string[] = [];
  const long: string[] = [];
  const short: string[] = [];
  const seen = new Set<string>();
  for (const word of query.normalize("NFC").match(WORD) ?? []) {
    if (seen.has(word) || !TOKEN_CHAR.test(word)) continue;
    seen.add(word);
    if (!UNSPACED.test(word)) spaced.push(`"${word}"`);
    else if ([...word].length >= 3) long.push(`"${word}"`);
    else short.push(foldShort(word));
  }
  return {
    words: spaced.join(" "),
    long: long.join(" AND "),
    short: [...new Set(short)],
  };
}

/** Whether a parsed query asks for anything. */
export function isEmpty(query: ParsedQuery): boolean {
  return query.words === "" && query.long === "" && query.short.length === 0;
}
