/**
 * The custom requests and notifications between the VS Code client and the language server, declared
 * once for both sides (plain names and shapes, no dependencies: the client and the server bundle it).
 */

/** The preview asks for a post's HTML (with the editor's unsaved text). */
export const RENDER_REQUEST = 'blogAuthor/render';
/** Whether a path is a post the index knows (the preview asks before opening what a webview message names). */
export const IS_POST_REQUEST = 'blogAuthor/isPost';

export interface RenderParams {
  uri: string;
  /** The editor's current text; read from disk when absent. */
  text?: string;
  /** Embeds as placeholders (default true: the preview makes no network requests). */
  offlineEmbeds?: boolean;
}

export interface RenderResult {
  html: string;
  title?: string;
  headings: { level: number; text: string; id: string; line: number }[];
  usesMath: boolean;
  /** 0-based line where the Markdown body starts (after front matter). */
  bodyLine: number;
  /** Shortcodes shown as placeholders or without a template, for a hint in the preview. */
  unrendered: { name: string; line: number; how: string }[];
  milliseconds: number;
  /** Set when the post was longer than the preview renders (characters of the text shown, of the whole). */
  truncated?: { shown: number; total: number };
}

/** Sent to the client whenever the index changes, for the status bar. */
export const INDEX_STATE_NOTIFICATION = 'blogAuthor/indexState';

export interface IndexState {
  state: 'indexing' | 'ready' | 'no-site';
  /**
   * The posts' words for suggestions (the text index) fill after the index is ready: 'filling'
   * until they are all in (suggestions rank from what is in meanwhile); absent when ranking by use.
   */
  words?: 'filling' | 'ready';
  posts: number;
  generator: string;
  root: string;
}

/** The taxonomy explorer, tag hygiene and new post (server/src/features/taxonomy/requests.ts). */
export const TAXONOMY_REQUESTS = {
  taxonomies: 'blogAuthor/taxonomies',
  terms: 'blogAuthor/taxonomyTerms',
  termPosts: 'blogAuthor/termPosts',
  hygiene: 'blogAuthor/taxonomyHygiene',
  mergeEdit: 'blogAuthor/mergeTermsEdit',
  newPostOptions: 'blogAuthor/newPostOptions',
  newPostPlan: 'blogAuthor/newPostPlan',
} as const;

/** Sent (at most every 300 ms) when terms, posts or their dates change: refresh the explorer. Params: `{ generator, posts }`. */
export const TAXONOMY_CHANGED_NOTIFICATION = 'blogAuthor/taxonomiesChanged';

/** `workspace/executeCommand` commands that change files (through `workspace/applyEdit`). */
export const TAXONOMY_COMMANDS = { mergeTerms: 'blog-author.mergeTerms', newPost: 'blog-author.newPost' } as const;

// ---------------------------------------------------------------- taxonomy explorer data (both sides)

export interface TaxonomySummary {
  /** The front matter key (plural, lower case): `tags`. */
  name: string;
  singular: string;
  /** Distinct terms (groups of case/accent variants count once). */
  terms: number;
  /** Uses across posts. */
  uses: number;
}

export interface TermSpelling {
  term: string;
  count: number;
}

export interface TermGroup {
  /** The majority spelling. */
  term: string;
  /** Posts using any spelling of the term. */
  count: number;
  /** Every spelling with its count, most used first; more than one when variants exist. */
  spellings: TermSpelling[];
}

export interface TermPost {
  uri: string;
  /** Relative to the site root. */
  path: string;
  title: string;
  /** YYYY-MM-DD, when the post has a date. */
  date: string | undefined;
  draft: boolean;
  /** The spelling this post uses. */
  spelling: string;
}

export interface MergeSuggestion {
  taxonomy: string;
  /** Spellings to rename … */
  from: string[];
  /** … into this one. */
  to: string;
}

export interface NearDuplicate {
  a: TermSpelling;
  b: TermSpelling;
  why: 'plural' | 'typo';
  merge: MergeSuggestion;
}

export interface TaxonomyHygiene {
  taxonomy: string;
  terms: number;
  /** Terms only one post uses (across all their spellings). */
  usedOnce: string[];
  /** Groups with more than one spelling. */
  variants: { spellings: TermSpelling[]; merge: MergeSuggestion }[];
  nearDuplicates: NearDuplicate[];
}

