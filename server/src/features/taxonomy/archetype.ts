/**
 * Hugo archetypes, evaluated the way `hugo new` would for the template actions that can be: `.Date`,
 * `.Name`, `.File.ContentBaseName`, `.Site.Title`, `.Site.Params.x`, `now`, with `replace`, `title`,
 * `lower`, `upper`, `humanize`, `urlize`, `default`, `time.Format`/`dateFormat` and `.Format`.
 * Anything else (`if`, `range`, partials) leaves nothing behind rather than template code. Pure.
 */

export interface ArchetypeContext {
  /** The post's title as the writer typed it: a `title` value computed from the file name gets it. */
  title: string;
  /** The file's base name (the bundle's folder name): `.Name`, `.File.ContentBaseName`. */
  name: string;
  section: string;
  date: Date;
  site: { title?: string; baseURL?: string; params: Record<string, unknown>; language: string };
}

const ACTION = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;

/** Evaluates the archetype text. Values are escaped for the quotes they sit in. */
export function evaluateArchetype(text: string, ctx: ArchetypeContext): string {
  let out = '';
  let last = 0;
  ACTION.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ACTION.exec(text))) {
    let before = text.slice(last, m.index);
    if (m[1]) before = before.replace(/\s+$/, '');
    out += before;
    last = m.index + m[0].length;
    if (m[3]) {
      const ws = /^\s*/.exec(text.slice(last))![0];
      last += ws.length;
    }
    const expr = m[2];
    if (/^\/\*[\s\S]*\*\/$/.test(expr)) continue;
    const lineStart = out.lastIndexOf('\n') + 1;
    const linePrefix = out.slice(lineStart);
    const quote = /(["'])[^"']*$/.exec(linePrefix)?.[1];
    let value: string;
    if (/^\s*title\s*[:=]\s*["']?$/i.test(linePrefix) && /\.(Name|File\.(ContentBaseName|BaseFileName|TranslationBaseName|LogicalName))\b|\.Title\b/.test(expr)) value = ctx.title;
    else value = stringify(evaluate(expr, ctx));
    out += escapeFor(value, quote, linePrefix);
  }
  return out + text.slice(last);
}

function escapeFor(value: string, quote: string | undefined, linePrefix: string): string {
  if (quote === '"') return JSON.stringify(value).slice(1, -1);
  if (quote === "'") return value.replace(/'/g, "''");
  // A bare YAML value that YAML would misread gets quotes.
  if (/^\s*[\w-]+\s*:\s*$/.test(linePrefix) && value !== '' && /^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|\s$/.test(value) && !/^\d{4}-\d\d-\d\d/.test(value)) return JSON.stringify(value);
  return value;
}

type Value = string | number | boolean | Date | Record<string, unknown> | unknown[] | undefined | null;

function stringify(v: Value): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return formatDate(v, '2006-01-02T15:04:05-07:00');
  if (typeof v === 'object') return '';
  return String(v);
}

/** Splits on `|` and spaces outside quotes and parentheses. */
function tokens(expr: string): string[][] {
  const commands: string[][] = [[]];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"' || c === '`') {
      const end = expr.indexOf(c, i + 1) >= 0 ? findClose(expr, i) : expr.length - 1;
      cur += expr.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && c === '|') {
      if (cur) commands[commands.length - 1].push(cur);
      cur = '';
      commands.push([]);
    } else if (depth === 0 && /\s/.test(c)) {
      if (cur) commands[commands.length - 1].push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) commands[commands.length - 1].push(cur);
  return commands.filter((c) => c.length);
}

function findClose(expr: string, start: number): number {
  const q = expr[start];
  for (let i = start + 1; i < expr.length; i++) {
    if (q === '"' && expr[i] === '\\') i++;
    else if (expr[i] === q) return i;
  }
  return expr.length - 1;
}

const UNSUPPORTED = /^(if|else|end|range|with|define|block|template|partial|return|\$)/;

function evaluate(expr: string, ctx: ArchetypeContext): Value {
  if (UNSUPPORTED.test(expr.trim())) return undefined;
  let piped: Value | typeof NONE = NONE;
  for (const command of tokens(expr)) {
    const args = piped === NONE ? command : [...command, PIPED];
    piped = call(args, ctx, piped === NONE ? undefined : piped);
  }
  return piped === NONE ? undefined : piped;
}

const NONE = Symbol('none');
const PIPED = '\0piped';

function atom(token: string, ctx: ArchetypeContext, piped: Value): Value {
  if (token === PIPED) return piped;
  if (token.startsWith('"')) {
    try {
      return JSON.parse(token) as string;
    } catch {
      return token.slice(1, -1);
    }
  }
  if (token.startsWith('`')) return token.slice(1, -1);
  if (token.startsWith('(') && token.endsWith(')')) return evaluate(token.slice(1, -1), ctx);
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  if (token === 'true' || token === 'false') return token === 'true';
  if (token === 'now') return ctx.date;
  if (token.startsWith('.')) return field(token.slice(1), ctx);
  return undefined;
}

function field(path: string, ctx: ArchetypeContext): Value {
  const simple: Record<string, Value> = {
    Date: ctx.date,
    PublishDate: ctx.date,
    Lastmod: ctx.date,
    Name: ctx.name,
    Title: ctx.title,
    Section: ctx.section,
    Type: ctx.section,
    Kind: 'page',
    'File.ContentBaseName': ctx.name,
    'File.BaseFileName': ctx.name,
    'File.TranslationBaseName': ctx.name,
    'File.LogicalName': ctx.name + '.md',
    'File.Ext': 'md',
    'Site.Title': ctx.site.title,
    'Site.BaseURL': ctx.site.baseURL,
    'Site.Language.Lang': ctx.site.language,
    'Site.LanguageCode': ctx.site.language,
  };
  if (path in simple) return simple[path];
  if (/^Site\.Params\./i.test(path)) {
    let cur: unknown = ctx.site.params;
    for (const seg of path.split('.').slice(2)) {
      if (!cur || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[seg.toLowerCase()] ?? (cur as Record<string, unknown>)[seg];
    }
    return cur as Value;
  }
  return undefined;
}

function call(command: string[], ctx: ArchetypeContext, piped: Value): Value {
  const [head, ...rest] = command;
  const args = () => rest.map((t) => atom(t, ctx, piped));
  // A method on a value: `now.Format "2006"`, `.Date.Format "Jan 2"`.
  const method = /^(now|\.[\w.]+?)\.Format$/.exec(head);
  if (method) {
    const d = atom(method[1], ctx, piped);
    const [layout] = args();
    return d instanceof Date && typeof layout === 'string' ? formatDate(d, layout) : undefined;
  }
  const s = (v: Value) => stringify(v);
  switch (head) {
    case 'replace':
    case 'strings.Replace':
    case 'strings.ReplaceRE': {
      const [input, old, repl] = args();
      if (head === 'strings.ReplaceRE') {
        try {
          return s(repl).length >= 0 ? s(input).replace(new RegExp(s(old), 'g'), s(repl)) : undefined;
        } catch {
          return undefined;
        }
      }
      return s(input).split(s(old)).join(s(repl));
    }
    case 'title':
    case 'strings.Title':
      return titleCase(s(args()[0]));
    case 'lower':
    case 'strings.ToLower':
      return s(args()[0]).toLowerCase();
    case 'upper':
    case 'strings.ToUpper':
      return s(args()[0]).toUpperCase();
    case 'humanize':
    case 'inflect.Humanize': {
      const t = s(args()[0]).replace(/[-_]+/g, ' ').trim();
      return t.charAt(0).toUpperCase() + t.slice(1);
    }
    case 'urlize':
    case 'urls.URLize':
      return s(args()[0]).trim().toLowerCase().replace(/\s+/g, '-');
    case 'trim':
    case 'strings.Trim': {
      const [input, cut] = args();
      const chars = [...s(cut)];
      let t = s(input);
      while (t && chars.includes(t[0])) t = t.slice(1);
      while (t && chars.includes(t[t.length - 1])) t = t.slice(0, -1);
      return t;
    }
    case 'default': {
      const [dflt, given] = args();
      return given === undefined || given === null || given === '' || given === false ? dflt : given;
    }
    case 'dateFormat':
    case 'time.Format': {
      const [layout, d] = args();
      return d instanceof Date && typeof layout === 'string' ? formatDate(d, layout) : undefined;
    }
    case 'print':
      return args().map(s).join('');
    default:
      return command.length === 1 ? atom(head, ctx, piped) : undefined;
  }
}

/** Go's strings.Title: the first letter of every word upper-cased. */
function titleCase(text: string): string {
  return text.replace(/(^|[\s\-_(])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's reference-time layouts (local time), for the tokens archetypes use. */
export function formatDate(d: Date, layout: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const oh = pad(Math.floor(Math.abs(offset) / 60));
  const om = pad(Math.abs(offset) % 60);
  const tokens: [string, () => string][] = [
    ['2006', () => String(d.getFullYear())],
    ['January', () => MONTHS[d.getMonth()]],
    ['Monday', () => DAYS[d.getDay()]],
    ['Z07:00', () => (offset === 0 ? 'Z' : `${sign}${oh}:${om}`)],
    ['-07:00', () => `${sign}${oh}:${om}`],
    ['-0700', () => `${sign}${oh}${om}`],
    ['Jan', () => MONTHS[d.getMonth()].slice(0, 3)],
    ['Mon', () => DAYS[d.getDay()].slice(0, 3)],
    ['MST', () => (offset === 0 ? 'UTC' : `${sign}${oh}${om}`)],
    ['01', () => pad(d.getMonth() + 1)],
    ['02', () => pad(d.getDate())],
    ['15', () => pad(d.getHours())],
    ['03', () => pad(d.getHours() % 12 || 12)],
    ['04', () => pad(d.getMinutes())],
    ['05', () => pad(d.getSeconds())],
    ['06', () => pad(d.getFullYear() % 100)],
    ['PM', () => (d.getHours() >= 12 ? 'PM' : 'AM')],
    ['_2', () => String(d.getDate()).padStart(2, ' ')],
    ['1', () => String(d.getMonth() + 1)],
    ['2', () => String(d.getDate())],
    ['3', () => String(d.getHours() % 12 || 12)],
  ];
  let out = '';
  for (let i = 0; i < layout.length; ) {
    const t = tokens.find(([tok]) => layout.startsWith(tok, i));
    if (t) {
      out += t[1]();
      i += t[0].length;
    } else out += layout[i++];
  }
  return out;
}
