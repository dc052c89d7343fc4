/** Shared shapes of the pure parsers. Offsets are UTF-16 code unit offsets into the full document text. */
export interface Span {
  start: number;
  end: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** What a parser found wrong. Parsers return these; they never throw on bad input. */
export interface ParseProblem {
  message: string;
  span: Span;
  severity: ProblemSeverity;
  /** A stable rule id, e.g. `frontmatter-syntax`, `shortcode-unclosed`. */
  code: string;
}

/** Front matter values with their ranges (parse/frontMatter.ts). */
export interface FmScalar {
  kind: 'scalar';
  value: unknown;
  /** The source text of the value, quotes included. */
  text: string;
  span: Span;
  quote: '"' | "'" | '';
}

export interface FmList {
  kind: 'list';
  items: FmValue[];
  span: Span;
  /** `[a, b]` (flow, YAML/TOML/JSON arrays) or one `- item` per line (YAML block). */
  flow: boolean;
}

export interface FmMap {
  kind: 'map';
  entries: FmEntry[];
  span: Span;
}

export type FmValue = FmScalar | FmList | FmMap;

export interface FmEntry {
  key: string;
  keySpan: Span;
  /** Undefined for `key:` with nothing after it. */
  value: FmValue | undefined;
  /** From the key to the end of the value. */
  span: Span;
}
