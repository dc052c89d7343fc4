/**
 * Shortcode templates: Hugo's built-ins and the site's own (layouts/_shortcodes, layouts/shortcodes,
 * then each theme's), with what each template reads — `.Inner`, named and positional parameters —
 * and its leading comment as documentation.
 *
 *   const templates = await ShortcodeTemplates.load(workspace, site);
 *   templates.get('figure')          // the template Hugo would use, site first, then theme, then built-in
 *   templates.needsInner('details')  // true | false | undefined (unknown)
 *   await templates.updateFile(path, textOrUndefined)  // a template changed or was deleted on disk
 */
import type { SiteModel } from './siteModel';
import { closestName, editDistance } from '../text';
import { basename, joinPath, listFilesRecursive, Workspace } from '../workspace/workspace';

export type ShortcodeOrigin = 'builtin' | 'site' | 'theme';

export interface ShortcodeTemplate extends TemplateReading {
  /** As written in content: `figure`, `media/audio`. */
  name: string;
  origin: ShortcodeOrigin;
  /** The theme the template comes from (origin 'theme'). */
  theme?: string;
  /** Absolute path of the main template file (absent for built-ins). */
  path?: string;
  /** Every file for this name in the winning directory: foo.html, foo.en.html, foo.amp.html… */
  variantPaths: string[];
  /** Built-ins Hugo removed or deprecated. */
  status?: 'deprecated' | 'removed';
  /** What to use instead, e.g. `x` for `tweet`. */
  replacement?: string;
  statusNote?: string;
}

interface BuiltinSpec {
  doc: string;
  inner?: boolean;
  params?: Record<string, string>;
  positional?: Record<number, string>;
  readsAllParams?: boolean;
  status?: 'deprecated' | 'removed';
  replacement?: string;
  statusNote?: string;
}

/** Hugo's embedded shortcodes (tpl/tplimpl/embedded/templates/_shortcodes) as of Hugo 0.14x. */
const BUILTINS: Record<string, BuiltinSpec> = {
  details: {
    doc: 'Renders an HTML `<details>` element; the inner content is the collapsible body.',
    inner: true,
    params: {
      summary: 'The content of the child `<summary>` element (default "Details").',
      open: 'Whether to initially display the content (default false).',
      class: "The value of the element's class attribute.",
      name: "The value of the element's name attribute (only one details element of a name is open at a time).",
      title: "The value of the element's title attribute.",
    },
  },
  figure: {
    doc: 'Renders an HTML `<figure>` element with an image, an optional link and a caption.',
    params: {
      src: 'The image: a page resource, a global resource or a URL.',
      alt: 'The alt attribute of the img element.',
      caption: 'The figure caption (Markdown).',
      title: 'The figure title, rendered as an h4 in the caption.',
      link: 'A URL to wrap the image in.',
      target: 'The target attribute of the link.',
      rel: 'The rel attribute of the link.',
      width: 'The width attribute of the img element.',
      height: 'The height attribute of the img element.',
      loading: 'The loading attribute of the img element (lazy or eager).',
      class: 'The class attribute of the figure element.',
      attr: 'An attribution text appended to the caption (Markdown).',
      attrlink: 'A URL for the attribution text.',
    },
  },
  highlight: {
    doc: 'Highlights the inner code with Chroma. First positional parameter: the language; second: options such as `linenos=table,hl_lines=2 4`.',
    inner: true,
    positional: { 0: 'The language of the code.', 1: 'Highlighting options, e.g. `linenos=table,hl_lines=8 15-17`.' },
    params: {},
    readsAllParams: true,
  },
  instagram: {
    doc: 'Embeds an Instagram post. Positional parameter: the id of the post.',
    positional: { 0: 'The id of the Instagram post.' },
  },
  param: {
    doc: "Renders a parameter of the page's front matter, falling back to the site's params. Positional parameter: the key (dotted for nested keys).",
    positional: { 0: 'The parameter key, e.g. `author.name`.' },
  },
  qr: {
    doc: 'Encodes the given text into a QR code and renders the image. The text comes from `text` or from the inner content.',
    inner: true,
    params: {
      text: 'The text to encode, falling back to the text between the opening and closing tags.',
      level: 'Error correction level: low, medium (default), quartile or high.',
      scale: 'Image pixels per QR module (default 4, at least 2).',
      targetDir: 'Subdirectory of the publishDir for the image.',
      alt: 'The alt attribute of the img element.',
      class: 'The class attribute of the img element.',
      id: 'The id attribute of the img element.',
      title: 'The title attribute of the img element.',
      loading: 'The loading attribute of the img element (lazy or eager).',
    },
  },
  ref: {
    doc: 'Returns the absolute permalink of a page. Positional parameter: the path of the page, with an optional `#anchor`.',
    positional: { 0: 'The path of the page, e.g. `posts/my-post.md` or `/about#team`.' },
    params: { path: 'The path of the page.', lang: 'The language of the page.', outputFormat: 'The output format.' },
    readsAllParams: true,
  },
  relref: {
    doc: 'Returns the relative permalink of a page. Positional parameter: the path of the page, with an optional `#anchor`.',
    positional: { 0: 'The path of the page, e.g. `posts/my-post.md` or `/about#team`.' },
    params: { path: 'The path of the page.', lang: 'The language of the page.', outputFormat: 'The output format.' },
    readsAllParams: true,
  },
  vimeo: {
    doc: 'Embeds a Vimeo video. Named parameters, or positional: id, class, title, loading.',
    positional: { 0: 'The video id.', 1: 'The class of the wrapping div.', 2: 'The title of the iframe.', 3: 'The loading attribute of the iframe.' },
    params: {
      id: 'The video id.',
      class: 'The class attribute of the wrapping div element.',
      title: 'The title attribute of the iframe element (default "Vimeo video").',
      loading: 'The loading attribute of the iframe element (default eager).',
      allowFullScreen: 'Whether the iframe can go full screen (default true).',
    },
  },
  x: {
    doc: 'Embeds a post from X (formerly Twitter). Requires the named parameters user and id.',
    params: { user: 'The user name of the author.', id: 'The id of the post.' },
  },
  youtube: {
    doc: 'Embeds a YouTube video. Positional parameter: the video id; or named parameters.',
    positional: { 0: 'The video id.' },
    params: {
      id: 'The video id.',
      allowFullScreen: 'Whether the iframe can go full screen (default true).',
      autoplay: 'Whether to play automatically; forces mute (default false).',
      class: 'The class attribute of the wrapping div element.',
      controls: 'Whether to show the video controls (default true).',
      end: 'When to stop playing, in seconds from the start.',
      loading: 'The loading attribute of the iframe element (default eager).',
      loop: 'Whether to repeat the video (default false).',
      mute: 'Whether to mute the video (default false).',
      start: 'When to start playing, in seconds from the start.',
      title: 'The title attribute of the iframe element (default "YouTube video").',
    },
  },
  comment: {
    doc: 'Hides its inner content from the rendered page.',
    inner: true,
    status: 'deprecated',
    statusNote: 'The "comment" shortcode was deprecated in Hugo v0.143.0; use an HTML comment (`<!-- … -->`) instead.',
  },
  gist: {
    doc: 'Embedded a GitHub gist. Positional parameters: user, gist id, optional file name.',
    positional: { 0: 'The GitHub user.', 1: 'The gist id.', 2: 'The file name.' },
    status: 'removed',
    statusNote: 'The "gist" shortcode was deprecated in Hugo v0.143.0 and removed since; create a site shortcode (see https://gohugo.io/shortcodes/gist).',
  },
  tweet: {
    doc: 'Embedded a tweet. Named parameters user and id.',
    params: { user: 'The user name.', id: 'The id of the tweet.' },
    readsAllParams: true,
    status: 'removed',
    replacement: 'x',
    statusNote: 'The "tweet" shortcode was removed from Hugo; use "x" with the same user and id parameters.',
  },
  twitter: {
    doc: 'Embedded a tweet. Named parameters user and id.',
    params: { user: 'The user name.', id: 'The id of the tweet.' },
    readsAllParams: true,
    status: 'removed',
    replacement: 'x',
    statusNote: 'The "twitter" shortcode was removed from Hugo; use "x" with the same user and id parameters.',
  },
  twitter_simple: {
    doc: 'Embedded a tweet without JavaScript.',
    params: { user: 'The user name.', id: 'The id of the tweet.' },
    readsAllParams: true,
    status: 'removed',
    replacement: 'x',
    statusNote: 'The "twitter_simple" shortcode was removed from Hugo; use "x" (with privacy.x.simple = true for the simple form).',
  },
};

function builtinTemplate(name: string, spec: BuiltinSpec): ShortcodeTemplate {
  const paramDocs: Record<string, string> = { ...(spec.params ?? {}) };
  for (const [i, d] of Object.entries(spec.positional ?? {})) paramDocs[i] = d;
  return {
    name,
    origin: 'builtin',
    variantPaths: [],
    usesInner: !!spec.inner,
    namedParams: Object.keys(spec.params ?? {}),
    positionalParams: Object.keys(spec.positional ?? {}).map(Number),
    readsAllParams: !!spec.readsAllParams,
    doc: spec.doc,
    paramDocs,
    status: spec.status,
    replacement: spec.replacement,
    statusNote: spec.statusNote,
  };
}

const TEMPLATE_FILE = /\.(html?|xml|json|txt|md|markdown|rss|ics|csv|svg|js|css|gotmpl)$/i;

/** What a template reads, found in its text. */
export interface TemplateReading {
  /** Evaluates `.Inner` or `.InnerDeindent`: an open tag expects a close tag (or self-closes). */
  usesInner: boolean;
  /** Named parameters the template reads, as written in the template. */
  namedParams: string[];
  /** Positional parameters the template reads (`.Get 0`). */
  positionalParams: number[];
  /** The template reads parameters in ways that cannot be listed (`.Get $k`, `range .Params`, `partial "x" .`). */
  readsAllParams: boolean;
  /** The template's leading comment, or the built-in's documentation. */
  doc?: string;
  /** Documentation of parameters: from `@param` lines of the leading comment, or the built-in's. */
  paramDocs: Record<string, string>;
}

/** The text inside `{{ … }}` actions, with template comments removed. */
function templateActions(text: string): string[] {
  const out: string[] = [];
  // Comments first: documentation comments often quote shortcode calls, `}}` included.
  const code = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, ' ');
  const re = /\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const body = m[1].replace(/\/\*[\s\S]*?\*\//g, ' ');
    if (body.trim() && body.trim() !== '-') out.push(body);
  }
  return out;
}

/** Reads a shortcode template's text: `.Inner`, parameters, leading comment. */
export function readTemplate(text: string): TemplateReading {
  const named = new Set<string>();
  const positional = new Set<number>();
  let usesInner = false;
  let readsAllParams = false;
  // `.Get`/`.Params` of the shortcode itself, not `.Page.Params`, `.Site.Params` or `$page.Params`.
  const own = String.raw`(?<![\w\]\)])\.`;
  for (const action of templateActions(text)) {
    if (new RegExp(own + String.raw`(Inner|InnerDeindent)\b`).test(action)) usesInner = true;
    for (const m of action.matchAll(new RegExp(own + String.raw`Get\s+(?:"([^"]*)"|\x60([^\x60]*)\x60|(\d+)|(\S))`, 'g'))) {
      if (m[1] !== undefined || m[2] !== undefined) named.add(m[1] ?? m[2]);
      else if (m[3] !== undefined) positional.add(Number(m[3]));
      else readsAllParams = true;
    }
    for (const m of action.matchAll(new RegExp(own + String.raw`Params(?:\.([A-Za-z_]\w*))?`, 'g'))) {
      if (m[1]) {
        named.add(m[1]);
        continue;
      }
      // `index .Params "x"` / `isset .Params 0` name their key; anything else hands the whole map on.
      const before = action.slice(0, m.index);
      const after = action.slice(m.index! + m[0].length);
      const keyed = /\b(index|isset)\s+\$?$/.test(before) && /^\s+(?:"([^"]*)"|(\d+))/.exec(after);
      if (keyed) {
        if (keyed[1] !== undefined) named.add(keyed[1]);
        else positional.add(Number(keyed[2]));
      } else readsAllParams = true;
    }
    // A partial or template given the whole context may read any parameter.
    if (/\b(partial|partialCached|template)\s+("[^"]*"|\x60[^\x60]*\x60|\S+)\s+(\$|\.)(\s|\)|$)/.test(action)) readsAllParams = true;
  }
  const { doc, paramDocs } = leadingDoc(text);
  return { usesInner, namedParams: [...named], positionalParams: [...positional].sort((a, b) => a - b), readsAllParams, doc, paramDocs };
}

/** The leading template comment (or HTML comment), with `@param {type} [name=default] text` lines taken apart. */
function leadingDoc(text: string): { doc?: string; paramDocs: Record<string, string> } {
  const m = /^\s*(?:\{\{-?\s*\/\*([\s\S]*?)\*\/\s*-?\}\}|<!--([\s\S]*?)-->)/.exec(text);
  const paramDocs: Record<string, string> = {};
  if (!m) return { paramDocs };
  const body = (m[1] ?? m[2]).replace(/\r/g, '');
  const docLines: string[] = [];
  let inTags = false;
  for (const line of body.split('\n')) {
    const param = /^\s*@param\s+(?:\{[^}]*\}\s+)?\[?([\w-]+)(?:=[^\]]*)?\]?\s*(.*)$/.exec(line);
    if (param) {
      paramDocs[param[1]] = param[2].trim();
      inTags = true;
    } else if (/^\s*@/.test(line)) inTags = true;
    else if (!inTags) docLines.push(line.replace(/^\s*[*#]?\s?/, ''));
  }
  const doc = docLines.join('\n').trim();
  return { doc: doc || undefined, paramDocs };
}

/** `media/audio.en.amp.html` → `media/audio` (Hugo names carry no dot except `.inline`). */
export function shortcodeNameFromRelativePath(rel: string): string {
  const slash = rel.lastIndexOf('/');
  const dir = slash >= 0 ? rel.slice(0, slash + 1) : '';
  const file = rel.slice(slash + 1);
  return dir + file.split('.')[0];
}

interface TemplateFile {
  path: string;
  name: string;
  /** Index into the shortcode directories: lower wins. */
  dirIndex: number;
  reading: TemplateReading;
}

export class ShortcodeTemplates {
  private readonly files = new Map<string, TemplateFile>();
  private byName: Map<string, ShortcodeTemplate> | undefined;

  private constructor(
    private readonly workspace: Workspace,
    /** Absolute shortcode directories, most specific first. */
    readonly dirs: string[],
    /** Theme of each directory (undefined for the site's own). */
    private readonly dirThemes: (string | undefined)[],
    /** Themes or modules the config names that are not on disk: their templates are unknown. */
    readonly missingSources: string[],
  ) {}

  /** Reads every shortcode template of the site. */
  static async load(workspace: Workspace, site: SiteModel): Promise<ShortcodeTemplates> {
    const dirThemes = site.shortcodeDirs.map((dir) => site.themes.find((t) => dir.startsWith(joinPath(site.themesDir, t) + '/')));
    const missing: string[] = [];
    if (site.modules.length) {
      // Located with the site model: themes/, _vendor/, Hugo's module cache (not read: outside the workspace).
      for (const m of site.modules) if (m.state === 'absent' || m.state === 'cache') missing.push(`${m.role === 'theme' ? 'theme' : 'module'} "${m.path}"`);
    } else {
      for (const theme of site.themes) {
        if (!(await workspace.stat(joinPath(site.themesDir, theme)))?.isDirectory) missing.push(`theme "${theme}"`);
      }
      const moduleImports = (site.config['module'] as Record<string, unknown> | undefined)?.['imports'];
      if (Array.isArray(moduleImports)) {
        for (const imp of moduleImports) {
          const path = typeof imp === 'string' ? imp : (imp as Record<string, unknown>)?.['path'];
          if (typeof path === 'string' && !site.themes.includes(path)) missing.push(`module "${path}"`);
        }
      }
    }
    const registry = new ShortcodeTemplates(workspace, site.shortcodeDirs, dirThemes, missing);
    for (let i = 0; i < site.shortcodeDirs.length; i++) {
      const dir = site.shortcodeDirs[i];
      const paths = await listFilesRecursive(workspace, dir, (_p, name) => name.startsWith('.'), (p) => TEMPLATE_FILE.test(p) && !basename(p).startsWith('.'));
      for (const path of paths) {
        const text = await workspace.readFile(path);
        if (text !== undefined) registry.addFile(path, i, text);
      }
    }
    return registry;
  }

  /** A registry of the built-ins only (a site with no templates, or tests). */
  static builtinsOnly(workspace: Workspace): ShortcodeTemplates {
    return new ShortcodeTemplates(workspace, [], [], []);
  }

  /** True when templates may exist that could not be read (a theme or module not on disk). */
  get incomplete(): boolean {
    return this.missingSources.length > 0;
  }

  isTemplatePath(path: string): boolean {
    return this.dirIndexOf(path) >= 0 && TEMPLATE_FILE.test(path);
  }

  /** Re-reads a template that changed on disk (`text`), or forgets one that was deleted (undefined). */
  async updateFile(path: string, text?: string | undefined): Promise<boolean> {
    const dirIndex = this.dirIndexOf(path);
    if (dirIndex < 0 || !TEMPLATE_FILE.test(path)) return false;
    const current = text ?? (await this.workspace.readFile(path));
    if (current === undefined) this.files.delete(path);
    else this.addFile(path, dirIndex, current);
    this.byName = undefined;
    return true;
  }

  /** The template Hugo would use for `name`: the site's, else the first theme's, else the built-in. */
  get(name: string): ShortcodeTemplate | undefined {
    return this.index().get(name);
  }

  all(): ShortcodeTemplate[] {
    return [...this.index().values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Whether `name` expects a close tag; undefined when its template is unknown. */
  needsInner(name: string): boolean | undefined {
    return this.get(name)?.usesInner;
  }

  /** The closest known name to a misspelt one, if any is close enough. */
  suggest(name: string): string | undefined {
    const live = [...this.index().values()].filter((t) => t.status !== 'removed');
    // Case matters to the distance, but a name that differs only in case is nearest of all.
    const distance = (a: string, b: string, max: number) => (a.toLowerCase() === b.toLowerCase() ? 0.5 : editDistance(a, b, max));
    return closestName(name, live, name.length <= 4 ? 1 : 2, { nameOf: (t) => t.name, distance })?.name;
  }

  private dirIndexOf(path: string): number {
    return this.dirs.findIndex((d) => path.startsWith(d + '/'));
  }

  private addFile(path: string, dirIndex: number, text: string): void {
    const rel = path.slice(this.dirs[dirIndex].length + 1);
    this.files.set(path, { path, name: shortcodeNameFromRelativePath(rel), dirIndex, reading: readTemplate(text) });
    this.byName = undefined;
  }

  private index(): Map<string, ShortcodeTemplate> {
    if (this.byName) return this.byName;
    const map = new Map<string, ShortcodeTemplate>();
    for (const [name, spec] of Object.entries(BUILTINS)) map.set(name, builtinTemplate(name, spec));
    const groups = new Map<string, TemplateFile[]>();
    for (const f of this.files.values()) {
      const g = groups.get(f.name);
      if (g) g.push(f);
      else groups.set(f.name, [f]);
    }
    for (const [name, group] of groups) {
      const dirIndex = Math.min(...group.map((f) => f.dirIndex));
      const variants = group.filter((f) => f.dirIndex === dirIndex).sort((a, b) => a.path.localeCompare(b.path));
      // The plain `name.html` is the main file; language and output-format variants follow it.
      const main = variants.find((f) => /^[^.]+\.html$/.test(basename(f.path))) ?? variants[0];
      const theme = this.dirThemes[dirIndex];
      const builtin = map.get(name);
      map.set(name, {
        name,
        origin: theme ? 'theme' : 'site',
        theme,
        path: main.path,
        variantPaths: variants.map((f) => f.path),
        usesInner: main.reading.usesInner,
        namedParams: main.reading.namedParams,
        positionalParams: main.reading.positionalParams,
        readsAllParams: main.reading.readsAllParams,
        doc: main.reading.doc ?? (builtin ? `Overrides Hugo's built-in "${name}". ${builtin.doc ?? ''}`.trim() : undefined),
        paramDocs: main.reading.paramDocs,
      });
    }
    this.byName = map;
    return map;
  }
}
