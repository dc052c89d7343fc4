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
