/** A shortcode's parameters as its template sees them. */
export interface ShortcodeParams {
  positional: string[];
  named: Record<string, string>;
  /** True when the tag used name=value parameters (Hugo's .IsNamedParams). */
  isNamed: boolean;
}
