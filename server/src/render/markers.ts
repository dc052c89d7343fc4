/** The markers blocks.ts and markdown.ts share (one module, so neither imports the other for them). */

/** Markers in cached HTML (private-use characters, which Markdown text practically never holds). */
export const M = {
  line: '\uE000',
  end: '\uE001',
  heading: '\uE002',
  fnRef: '\uE003',
  fnDefOpen: '\uE004',
  fnDefClose: '\uE005',
  url: '\uE006',
} as const;
