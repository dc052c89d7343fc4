/**
 * html/template's contextual escaping for the Go template interpreter: the context (text, attribute name,
 * attribute value of a plain, URL, CSS or JS attribute, <script>, <style>, RCDATA) is followed through the
 * template's own text, as html/template derives it from the template, and each action's output goes through
 * the escapers html/template would insert there (escape.go, html.go, url.go, js.go, css.go).
 */

/** template.HTML and its siblings: `kind` says which context the text is already safe in. */
export class SafeHtml {
  /** html: template.HTML; attr: template.HTMLAttr; url, css, js: template.URL, CSS, JS. */
  constructor(
    readonly html: string,
    readonly kind?: 'html' | 'attr' | 'url' | 'css' | 'js',
  ) {}
  toString(): string {
    return this.html;
  }
}

/** fmt.Sprint of a value as the template prints it (html/template writes nothing for nil). */
export function goString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (v instanceof SafeHtml) return v.html;
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (v instanceof Map) return goString(Object.fromEntries(v));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const keys = Object.keys(v).sort(byteOrder);
    return `map[${keys.map((k) => `${k}:${goString((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Go's string order (bytes, not locale): how it sorts map keys. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type State = 'text' | 'tag' | 'attrName' | 'afterName' | 'beforeValue' | 'value' | 'script' | 'style' | 'rcdata';
type AttrType = 'plain' | 'url' | 'css' | 'js' | 'srcset';

/** attr.go's attrType: which attributes hold URLs, CSS or JS. */
function attrType(rawName: string): AttrType {
  let name = rawName.toLowerCase();
  const colon = name.indexOf(':');
  if (colon >= 0) {
    if (name.slice(0, colon) === 'xmlns') return 'url';
    name = name.slice(colon + 1);
  }
  if (name.startsWith('data-')) name = name.slice(5);
  if (name.startsWith('on')) return 'js';
  switch (name) {
    case 'action': case 'archive': case 'background': case 'cite': case 'classid': case 'codebase': case 'data': case 'formaction':
    case 'href': case 'icon': case 'longdesc': case 'manifest': case 'poster': case 'profile': case 'src': case 'usemap': case 'xmlns':
      return 'url';
    case 'style':
      return 'css';
    case 'srcset':
      return 'srcset';
  }
  return /src|uri|url/.test(name) ? 'url' : 'plain';
}

const JS_TYPES = /^(?:|module|text\/(?:javascript|ecmascript|jscript|livescript|x-javascript|x-ecmascript)|application\/(?:javascript|ecmascript|x-javascript|x-ecmascript|json|ld\+json))$/;

const HTML_TABLE: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', '&': '&amp;', "'": '&#39;', '+': '&#43;', '<': '&lt;', '>': '&gt;' };
const NOSPACE_TABLE: Record<string, string> = { ...HTML_TABLE, '\t': '&#9;', '\n': '&#10;', '\v': '&#11;', '\f': '&#12;', '\r': '&#13;', ' ': '&#32;', '=': '&#61;', '`': '&#96;' };
const HTML_CHARS = /[\0"&'+<>]/g;
const HTML_NORM_CHARS = /[\0"'+<>]/g;
const NOSPACE_CHARS = /[\0"&'+<>\t\n\v\f\r =`]/g;
const TAGS = /<[^>]*>?/g;

function htmlEscape(s: string): string {
  return s.replace(HTML_CHARS, (c) => HTML_TABLE[c]);
}

const JS_STR_TABLE: Record<string, string> = {
  '\0': '\\u0000', '\t': '\\t', '\n': '\\n', '\v': '\\u000b', '\f': '\\f', '\r': '\\r', '"': '\\u0022', '&': '\\u0026', "'": '\\u0027',
  '+': '\\u002b', '/': '\\/', '<': '\\u003c', '>': '\\u003e', '\\': '\\\\', '`': '\\u0060', '\u2028': '\\u2028', '\u2029': '\\u2029',
};
const JS_STR_CHARS = /[\0-\x1f"&'+/<>\\`\u2028\u2029]/g;

function jsStrEscape(s: string): string {
  return s.replace(JS_STR_CHARS, (c) => JS_STR_TABLE[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** encoding/json's Marshal: map keys sorted, <, > and & as \u escapes. */
function goJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (x instanceof SafeHtml) return x.html;
    if (Array.isArray(x)) return x.map(sorted);
    if (x instanceof Map) return sorted(Object.fromEntries(x));
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort(byteOrder).map((k) => [k, sorted((x as Record<string, unknown>)[k])]));
    return x;
  };
  const json = JSON.stringify(sorted(v) ?? null) ?? 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** jsValEscaper: a value written into script as a JS expression. */
function jsValEscape(v: unknown): string {
  if (v instanceof SafeHtml && v.kind === 'js') return v.html;
  const json = goJson(v instanceof SafeHtml ? v.html : v);
  return /^[\w$]|[\w$]$/.test(json) ? ` ${json} ` : json;
}

/** urlProcessor: percent-encodes what may not be in a URL; the normalizer keeps reserved characters and `%`. */
function urlProcess(s: string, normalize: boolean): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (normalize && /[!#$&*+,/:;=?@[\]%]/.test(c))) out += c;
    else out += '%' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

/** urlFilter: a URL whose scheme is not http, https or mailto becomes `#ZgotmplZ`. */
function urlFilter(s: string): string {
  const colon = s.indexOf(':');
  if (colon >= 0 && !s.slice(0, colon).includes('/') && !/^(?:https?|mailto)$/i.test(s.slice(0, colon))) return '#ZgotmplZ';
  return s;
}

/** cssValueFilter: anything that could leave a CSS value becomes ZgotmplZ. */
function cssValueFilter(s: string): string {
  if (/[\0"'()/;@[\\\]`{}<>]|--/.test(s)) return 'ZgotmplZ';
  const id = s.replace(/[^\w-]/g, '').toLowerCase();
  return id.includes('expression') || id.includes('mozbinding') ? 'ZgotmplZ' : s;
}

/** Attribute names html/template treats as URL, CSS or JS are never made by an action. */
const NON_PLAIN_ATTR = /^(?:on|xmlns|(?:action|archive|background|cite|classid|codebase|data|formaction|href|icon|longdesc|manifest|poster|profile|style|usemap|srcset)$)|src|uri|url/;

/**
 * htmlNameFilter: an attribute name made by an action is lower-cased and must be letters and digits only;
 * anything else (an empty string too) becomes the failsafe `ZgotmplZ`. safeHTMLAttr passes.
 */
export function attributeName(v: unknown): string {
  if (v instanceof SafeHtml && v.kind === 'attr') return v.html;
  const s = goString(v).toLowerCase();
  return /^[a-z0-9]+$/.test(s) && !NON_PLAIN_ATTR.test(s) ? s : 'ZgotmplZ';
}

/** The escaping context at the current point of the output, fed with the template's own text. */
export class HtmlContext {
  private state: State = 'text';
  private tagName = '';
  private readingTagName = false;
  private endTag = false;
  private attr = '';
  private attrKind: AttrType = 'plain';
  private delim = '';
  private urlPart: 'none' | 'pre' | 'query' = 'none';
  private jsQuote = '';
  private scriptType = '';
  private typeValue = '';
  /** The end of a raw text element (`</script`) matched so far. */
  private closing = '';

  /** Moves the context over text the template writes as is. */
  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      // Most text is outside tags: jump to the next one.
      if (this.state === 'text') {
        i = text.indexOf('<', i);
        if (i < 0) return;
      }
      this.step(text[i]);
    }
  }

  private step(c: string): void {
    switch (this.state) {
      case 'text':
        if (c === '<') {
          this.state = 'tag';
          this.tagName = '';
          this.readingTagName = true;
          this.endTag = false;
          this.scriptType = '';
        }
        return;
      case 'script':
      case 'style':
      case 'rcdata':
        return this.rawText(c);
      case 'tag':
        if (this.readingTagName) {
          if (c === '/' && this.tagName === '') return void (this.endTag = true);
          if (/[A-Za-z0-9:-]/.test(c)) return void (this.tagName += c.toLowerCase());
          this.readingTagName = false;
          if (this.tagName === '') return void (this.state = 'text');
        }
        if (c === '>') return this.endOfTag();
        if (/[\s/]/.test(c)) return;
        this.state = 'attrName';
        this.attr = c;
        return;
      case 'attrName':
        if (c === '=') return void (this.state = 'beforeValue');
        if (c === '>') return this.endOfTag();
        if (/\s/.test(c)) return void (this.state = 'afterName');
        this.attr += c;
        return;
      case 'afterName':
        if (c === '=') return void (this.state = 'beforeValue');
        if (c === '>') return this.endOfTag();
        if (/\s/.test(c)) return;
        this.state = 'attrName';
        this.attr = c;
        return;
      case 'beforeValue':
        if (/\s/.test(c)) return;
        this.startValue(c === '"' || c === "'" ? c : ' ');
        if (c !== '"' && c !== "'") this.step(c);
        return;
      case 'value':
        if (this.delim === ' ' ? /[\s>]/.test(c) : c === this.delim) {
          if (this.attr.toLowerCase() === 'type') this.scriptType = this.typeValue.trim().toLowerCase();
          this.state = 'tag';
          if (c === '>') this.endOfTag();
          return;
        }
        this.typeValue += c;
        if (this.attrKind === 'url' || this.attrKind === 'srcset') {
          if (c === '?' || c === '#') this.urlPart = 'query';
          else if (this.urlPart === 'none' && !/\s/.test(c)) this.urlPart = 'pre';
        } else if (this.attrKind === 'js') this.jsChar(c);
        return;
    }
  }

  private startValue(delim: string): void {
    this.state = 'value';
    this.delim = delim;
    this.attrKind = attrType(this.attr);
    this.urlPart = 'none';
    this.jsQuote = '';
    this.typeValue = '';
  }

  private endOfTag(): void {
    this.state = 'text';
    if (this.endTag) return;
    // A script of another type (text/template…) holds plain text for html/template.
    if (this.tagName === 'script') this.state = JS_TYPES.test(this.scriptType) ? 'script' : 'text';
    else if (this.tagName === 'style') this.state = 'style';
    else if (this.tagName === 'textarea' || this.tagName === 'title') this.state = 'rcdata';
    this.jsQuote = '';
    this.closing = '';
  }

  private rawText(c: string): void {
    const end = `</${this.tagName}`;
    if (!this.jsQuote || this.state !== 'script') {
      const next = this.closing + c.toLowerCase();
      if (end.startsWith(next)) {
        this.closing = next;
        if (next === end) {
          this.state = 'tag';
          this.endTag = true;
          this.readingTagName = false;
          this.closing = '';
        }
        return;
      }
      this.closing = c === '<' ? '<' : '';
    }
    if (this.state === 'script') this.jsChar(c);
  }

  private escapedInJs = false;
  private jsChar(c: string): void {
    if (this.jsQuote) {
      if (this.escapedInJs) this.escapedInJs = false;
      else if (c === '\\') this.escapedInJs = true;
      else if (c === this.jsQuote) this.jsQuote = '';
    } else if (c === '"' || c === "'" || c === '`') this.jsQuote = c;
  }

  /** Whether an action here writes (part of) an attribute name. */
  private inAttributeName(): boolean {
    return this.state === 'tag' || this.state === 'attrName' || this.state === 'afterName';
  }

  /** What an action's value becomes here: html/template's escapers for this context. */
  escape(v: unknown): string {
    if (this.inAttributeName()) {
      if (this.state === 'afterName') this.state = 'attrName';
      return attributeName(v);
    }
    const safe = v instanceof SafeHtml ? v : undefined;
    const s = goString(v);
    switch (this.state) {
      case 'text':
        return safe && (safe.kind ?? 'html') === 'html' ? s : htmlEscape(s);
      case 'rcdata':
        return htmlEscape(safe && (safe.kind ?? 'html') === 'html' ? s.replace(TAGS, '') : s);
      case 'script':
        return this.jsQuote ? (safe?.kind === 'js' ? s : jsStrEscape(s)) : jsValEscape(v);
      case 'style':
        return safe?.kind === 'css' ? s : cssValueFilter(s);
      case 'beforeValue':
        this.startValue(' ');
        return this.attributeValue(v, safe, s);
      case 'value':
        return this.attributeValue(v, safe, s);
    }
    return htmlEscape(s);
  }

  private attributeValue(v: unknown, safe: SafeHtml | undefined, s: string): string {
    let out: string;
    switch (this.attrKind) {
      case 'url':
      case 'srcset':
        if (this.urlPart === 'query') out = urlProcess(s, false);
        else out = urlProcess(this.urlPart === 'none' && safe?.kind !== 'url' ? urlFilter(s) : s, true);
        break;
      case 'css':
        out = safe?.kind === 'css' ? s : cssValueFilter(s);
        break;
      case 'js':
        out = this.jsQuote ? (safe?.kind === 'js' ? s : jsStrEscape(s)) : jsValEscape(v);
        break;
      default:
        if (safe && (safe.kind ?? 'html') === 'html') {
          // An HTML value in an attribute: its tags are stripped and its text kept (htmlNormReplacementTable).
          const stripped = s.replace(TAGS, '');
          return this.delim === ' ' ? stripped.replace(NOSPACE_CHARS, (c) => (c === '&' ? c : NOSPACE_TABLE[c])) : stripped.replace(HTML_NORM_CHARS, (c) => HTML_TABLE[c]);
        }
        out = s;
    }
    if (this.delim === ' ') return out === '' ? 'ZgotmplZ' : out.replace(NOSPACE_CHARS, (c) => NOSPACE_TABLE[c]);
    return htmlEscape(out);
  }
}
