import picomatch from 'picomatch';
/** User settings (VS Code `blogAuthor.*`, or initializationOptions for other editors). */
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface BlogSettings {
  /** Globs (relative to the site root) of content to leave out of the index. */
  exclude: string[];
  /** Extra file extensions treated as posts besides Markdown. */
  extraExtensions: string[];
  /** Per-rule severity overrides, keyed by rule id (e.g. `related-missing`). */
  rules: Record<string, RuleSeverity>;
  /** How many completion items to return at most. */
  maxCompletionItems: number;
  /** Tag and related-post suggestions: by what similar posts say and use (`content`), or by use alone. */
  suggestionsRankBy: 'content' | 'use';
  /** How long "Suggest related posts" makes the list; 0: the blog's median list length. */
  suggestionsRelatedCount: number;
  /**
   * What a `related` entry names: `auto` (inferred from the site), `file`, `stem`, `slug`, `url`,
   * or `field:NAME` (a front matter field's value, e.g. `field:class`); `+lang` scopes it by `lang`.
   */
  relatedInterpretation: string;
}

export const DEFAULT_SETTINGS: BlogSettings = {
  exclude: [],
  extraExtensions: [],
  rules: {},
  maxCompletionItems: 200,
  suggestionsRankBy: 'content',
  suggestionsRelatedCount: 0,
  relatedInterpretation: 'auto',
};

export function mergeSettings(partial: unknown): BlogSettings {
  const p = (partial && typeof partial === 'object' ? partial : {}) as Partial<BlogSettings>;
  return {
    // Globs as a Windows user writes them (`content\\archive\\**`) match too: a backslash separates folders.
    exclude: Array.isArray(p.exclude) ? p.exclude.filter((x) => typeof x === 'string').map((x) => x.replace(/\\/g, '/')) : DEFAULT_SETTINGS.exclude,
    extraExtensions: Array.isArray(p.extraExtensions) ? p.extraExtensions.filter((x) => typeof x === 'string') : DEFAULT_SETTINGS.extraExtensions,
    rules: p.rules && typeof p.rules === 'object' ? (p.rules as Record<string, RuleSeverity>) : {},
    maxCompletionItems: typeof p.maxCompletionItems === 'number' && p.maxCompletionItems > 0 ? p.maxCompletionItems : DEFAULT_SETTINGS.maxCompletionItems,
    relatedInterpretation: typeof p.relatedInterpretation === 'string' && p.relatedInterpretation ? p.relatedInterpretation : DEFAULT_SETTINGS.relatedInterpretation,
    ...suggestionSettings((partial as { suggestions?: unknown } | undefined)?.suggestions),
  };
}

/** `blogAuthor.suggestions.*` */
function suggestionSettings(raw: unknown): Pick<BlogSettings, 'suggestionsRankBy' | 'suggestionsRelatedCount'> {
  const s = (raw && typeof raw === 'object' ? raw : {}) as { rankBy?: unknown; relatedCount?: unknown };
  return {
    suggestionsRankBy: s.rankBy === 'use' ? 'use' : 'content',
    suggestionsRelatedCount: typeof s.relatedCount === 'number' && s.relatedCount > 0 ? Math.floor(s.relatedCount) : 0,
  };
}

/**
 * The `blogAuthor.exclude` globs as one test over slash-separated paths relative to the site root,
 * with picomatch's syntax (`**`, `*`, `?`, `[ab]`, `{a,b}`, extglobs like `!(drafts)`); dotfiles
 * match too. A path is excluded when it or one of its folders matches, so `content/drafts` leaves
 * out everything under it. Backslashes in the setting were made slashes by `mergeSettings`.
 */
export function excludeMatcher(globs: readonly string[]): (relPath: string) => boolean {
  const patterns = globs.map((g) => g.replace(/\/+$/, '')).filter(Boolean);
  if (!patterns.length) return () => false;
  try {
    // `windows: false`: core paths always use `/`, whatever the platform the server runs on. `posix`:
    // `[!a]` negates like `[^a]` (picomatch 4 reads the `!` as a member otherwise, micromatch/picomatch#187).
    // `glob/**` beside each glob stands for "a folder of the path matches": one test per path.
    const options = { dot: true, windows: false, posix: true };
    const sources = patterns.flatMap((g) => [g, g + '/**']).map((g) => picomatch.makeRe(g, options).source);
    const re = new RegExp(sources.map((s) => `(?:${s})`).join('|'));
    return (relPath) => re.test(relPath);
  } catch {
    return () => false;
  }
}
