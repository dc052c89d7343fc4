/**
 * Copies of strings that do not keep the text they were cut from alive. V8 keeps a slice of 13 or
 * more characters as a view into the whole string it was cut from, so one front matter value kept
 * by the index would hold its post's whole text in memory (about 30 MB at 20,000 posts).
 */

/** V8 copies a slice shorter than this (SlicedString::kMinLength): such a slice holds nothing. */
export const DETACH_MIN = 13;

/**
 * A copy of `s` that holds nothing else. Joined from two parts, the copy is one flat string
 * (`(' ' + s).slice(1)` is a view again, of a copy one character longer: 32 bytes more per value).
 */
export function detach(s: string): string {
  return s.length < DETACH_MIN ? s : [s.slice(0, 1), s.slice(1)].join('');
}

/** `text.slice(start, end)` as a copy of its own (one copy, where slicing then detaching makes two strings). */
export function detachedSlice(text: string, start: number, end: number): string {
  return end - start < DETACH_MIN ? text.slice(start, end) : [text.slice(start, start + 1), text.slice(start + 1, end)].join('');
}
