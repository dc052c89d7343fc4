/**
 * The custom requests and notifications between the VS Code client and the language server, declared
 * once for both sides (plain names and shapes, no dependencies: the client and the server bundle it).
 */

/** The preview asks for a post's HTML (with the editor's unsaved text). */
export const RENDER_REQUEST = 'blogAuthor/render';

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
}

/** Sent to the client whenever the index changes, for the status bar. */
export const INDEX_STATE_NOTIFICATION = 'blogAuthor/indexState';

export interface IndexState {
  state: 'indexing' | 'ready' | 'no-site';
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
