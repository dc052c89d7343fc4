/**
 * Character classes of JavaScript's regexes, on UTF-16 code units, for loops that test characters
 * without a regex or a one-character string. (Hot loops test ASCII inline and call these for the rest.)
 */

/** JavaScript's `\s` above U+00A0 (no-break, Ogham, the U+2000 spaces, line and paragraph separators, BOM); below it, `\s` is 9–13 and 32. */
export function isWideSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A character of the regex class \w (ASCII letters, digits, `_`). */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
