/**
 * An interpreter for Go's text/template language as Hugo runs it through html/template: actions with trim
 * markers and comments, pipelines, variables (`:=`, `=`, `$`), if/else if/with/else with/range (maps in key
 * order, integers), break/continue, define/template/block, and/or short-circuit, every Go literal. Functions
 * come from the caller's table; a missing one throws UnsupportedTemplate, as does what Go rejects, and the
 * caller shows a placeholder instead. Output goes through html/template's contextual escapers
 * (goTemplateEscape.ts). Parse once (parseTemplate) and execute many times.
 */
import { byteOrder, goString, HtmlContext, SafeHtml } from './goTemplateEscape';

export { attributeName, goString, SafeHtml } from './goTemplateEscape';

export class UnsupportedTemplate extends Error {}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline; silent?: boolean }
  | ControlNode
  | { kind: 'template'; name: string; pipe?: Pipeline }
  | { kind: 'define'; name: string; body: Node[] }
  | { kind: 'break' | 'continue' };

interface ControlNode {
  kind: 'if' | 'with' | 'range';
  pipe: Pipeline;
  body: Node[];
  otherwise: Node[];
}

interface Pipeline {
  decl?: { names: string[]; assign: boolean };
  cmds: Operand[][];
}

type Operand =
  | { kind: 'literal'; value: unknown }
  | { kind: 'dot'; path: string[] }
  | { kind: 'var'; name: string; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'sub'; pipe: Pipeline; path: string[] };

// ---------- lexing ----------

type Tok =
  | { t: 'str' | 'field' | 'var' | 'ident' | 'punct'; v: string; space: boolean }
  | { t: 'num'; v: number; space: boolean };

interface Item {
  text?: string;
  toks?: Tok[];
  silent?: boolean;
}

const SPACE = /[ \t\r\n]/;
const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const NUMBER = /[+-]?(?:0[xX][\da-fA-F_]*(?:\.[\da-fA-F_]*)?(?:[pP][+-]?\d+)?|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?[\d_]+)?|\.[\d_]+(?:[eE][+-]?[\d_]+)?)/y;
const WORD = /[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*/y;
const NAME = /[A-Za-z_\d][\w]*/y;

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && SPACE.test(text[end - 1])) end--;
  return text.slice(0, end);
}

/** Splits the source into text and actions (as tokens), applying `{{-`/`-}}` and dropping comments. */
function lex(src: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let trimNext = false;
  let toks: Tok[] = [];
  let space = true;
  const push = (tok: Tok) => {
    toks.push(tok);
    space = false;
  };
  while (pos <= src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) items.push({ text });
      break;
    }
    let i = open + 2;
    if (src[i] === '-' && SPACE.test(src[i + 1] ?? '')) {
      text = trimEnd(text);
      i += 2;
    }
    if (text) items.push({ text });
    // A comment opens right after the delimiter or its trim marker, and closes right before the end one (Go's lexer).
    if (src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) throw new UnsupportedTemplate('unclosed comment');
      let j = close + 2;
      if (src.startsWith(' -}}', j) || src.startsWith('\t-}}', j) || src.startsWith('\n-}}', j) || src.startsWith('\r-}}', j)) {
        trimNext = true;
        j += 4;
      } else if (src.startsWith('}}', j)) j += 2;
      else throw new UnsupportedTemplate('comment ends before closing delimiter');
      pos = j;
      continue;
    }
    while (SPACE.test(src[i] ?? '')) i++;
    toks = [];
    space = true;
    for (;;) {
      if (i >= src.length) throw new UnsupportedTemplate('unclosed action');
      const c = src[i];
      if (SPACE.test(c)) {
        let j = i;
        while (SPACE.test(src[j] ?? '')) j++;
        if (src.startsWith('-}}', j)) {
          trimNext = true;
          i = j + 3;
          break;
        }
        i = j;
        space = true;
        continue;
      }
      if (c === '}' && src[i + 1] === '}') {
        i += 2;
        break;
      }
      if (c === '"') {
        let j = i + 1;
        while (j < src.length && src[j] !== '"') {
          if (src[j] === '\\') j++;
          if (src[j] === '\n') throw new UnsupportedTemplate('unterminated quoted string');
          j++;
        }
        push({ t: 'str', v: unquote(src.slice(i + 1, j)), space });
        i = j + 1;
      } else if (c === '`') {
        const j = src.indexOf('`', i + 1);
        if (j < 0) throw new UnsupportedTemplate('unterminated raw quoted string');
        push({ t: 'str', v: src.slice(i + 1, j).replace(/\r/g, ''), space });
        i = j + 1;
      } else if (c === "'") {
        let j = i + 1;
        while (j < src.length && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
        const ch = unquote(src.slice(i + 1, j));
        if ([...ch].length !== 1) throw new UnsupportedTemplate('malformed character constant');
        push({ t: 'num', v: ch.codePointAt(0)!, space });
        i = j + 1;
      } else if (/[\d+\-]/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(src);
        if (!m || /[\w.]/.test(src[NUMBER.lastIndex] ?? '')) throw new UnsupportedTemplate(`bad number syntax: ${src.slice(i, i + 10)}`);
        push({ t: 'num', v: numberValue(m[0]), space });
        i = NUMBER.lastIndex;
      } else if (c === '.') {
        NAME.lastIndex = i + 1;
        const m = NAME.exec(src);
        if (m) {
          push({ t: 'field', v: m[0], space });
          i = NAME.lastIndex;
        } else {
          push({ t: 'field', v: '', space });
          i++;
        }
      } else if (c === '$') {
        NAME.lastIndex = i + 1;
        const m = NAME.exec(src);
        push({ t: 'var', v: '$' + (m ? m[0] : ''), space });
        i = m ? NAME.lastIndex : i + 1;
      } else if (/[A-Za-z_]/.test(c)) {
        WORD.lastIndex = i;
        const m = WORD.exec(src)!;
        push({ t: 'ident', v: m[0], space });
        i = WORD.lastIndex;
      } else if (c === ':' && src[i + 1] === '=') {
        push({ t: 'punct', v: ':=', space });
        i += 2;
      } else if ('|(),='.includes(c)) {
        push({ t: 'punct', v: c, space });
        i++;
      } else throw new UnsupportedTemplate(`unexpected ${JSON.stringify(c)} in action`);
    }
    if (!toks.length) throw new UnsupportedTemplate('missing value for command');
    items.push({ toks });
    pos = i;
  }
  return items;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** strconv.Unquote's escapes: \n, \x41, \101, \u00e9, \U0001F600… */
function unquote(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(?:([abfnrtv\\"'])|x([\da-fA-F]{2})|([0-7]{3})|u([\da-fA-F]{4})|U([\da-fA-F]{8}))/g, (m, c, x, o, u, U) => {
    if (c) return ESCAPES[c];
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (o) return String.fromCharCode(parseInt(o, 8));
    return String.fromCodePoint(parseInt(u ?? U, 16));
  });
}

function numberValue(text: string): number {
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.replace(/^[+-]/, '').replace(/_/g, '');
  if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits, 8);
  if (/^0[xX][\da-fA-F]+$/.test(digits)) return sign * parseInt(digits.slice(2), 16);
  const n = Number(digits);
  if (Number.isNaN(n)) throw new UnsupportedTemplate(`bad number syntax: ${text}`);
  return sign * n;
}

// ---------- parsing ----------

class PipelineParser {
  private i = 0;
  /** `vars`: the variables in scope here, as Go's parser checks them (an undefined one fails the whole template). */
  constructor(
    private readonly toks: Tok[],
    start: number,
    private readonly vars: string[],
  ) {
    this.i = start;
  }

  done(): boolean {
    return this.i >= this.toks.length;
  }

  peekPunct(p: string): boolean {
    const t = this.toks[this.i];
    return !!t && t.t === 'punct' && t.v === p;
  }

  /** A string constant (define, template, block names). */
  name(): string {
    const t = this.toks[this.i++];
    if (t?.t !== 'str') throw new UnsupportedTemplate('template name must be a string');
    return t.v;
  }

  pipeline(allowDecl: 'one' | 'two'): Pipeline {
    const pipe: Pipeline = { cmds: [] };
    const save = this.i;
    const names: string[] = [];
    while (this.toks[this.i]?.t === 'var') {
      names.push(this.toks[this.i].v as string);
      this.i++;
      if (this.peekPunct(',') && allowDecl === 'two' && names.length === 1) this.i++;
      else break;
    }
    if (names.length && (this.peekPunct(':=') || this.peekPunct('='))) {
      pipe.decl = { names, assign: this.toks[this.i].v === '=' };
      if (pipe.decl.assign) names.forEach((n) => this.use(n));
      else this.vars.push(...names);
      this.i++;
    } else this.i = save;
    for (;;) {
      const cmd: Operand[] = [];
      while (!this.done() && !this.peekPunct(')') && !this.peekPunct('|')) cmd.push(this.operand());
      if (!cmd.length) throw new UnsupportedTemplate(pipe.cmds.length || this.peekPunct('|') ? 'missing command' : 'missing value for command');
      pipe.cmds.push(cmd);
      if (!this.peekPunct('|')) break;
      this.i++;
    }
    return pipe;
  }

  private use(name: string): void {
    if (!this.vars.includes(name)) throw new UnsupportedTemplate(`undefined variable "${name}"`);
  }

  /** Fields written right after a term (no space): `(index . 0).Name`, `$x.a.b`. */
  private chain(): string[] {
    const path: string[] = [];
    for (let t = this.toks[this.i]; t && t.t === 'field' && !t.space && t.v !== ''; t = this.toks[this.i]) {
      path.push(t.v);
      this.i++;
    }
    return path;
  }

  private operand(): Operand {
    const t = this.toks[this.i++];
    switch (t.t) {
      case 'str':
        return { kind: 'literal', value: t.v };
      case 'num':
        return { kind: 'literal', value: t.v };
      case 'field': {
        if (t.v === '') return { kind: 'dot', path: this.chain() };
        return { kind: 'dot', path: [t.v, ...this.chain()] };
      }
      case 'var':
        this.use(t.v);
        return { kind: 'var', name: t.v, path: this.chain() };
      case 'ident':
        if (KEYWORDS.has(t.v)) throw new UnsupportedTemplate(`unexpected ${t.v} in command`);
        if (t.v === 'true' || t.v === 'false') return { kind: 'literal', value: t.v === 'true' };
        if (t.v === 'nil') return { kind: 'literal', value: undefined };
        return { kind: 'ident', name: t.v };
      case 'punct':
        if (t.v === '(') {
          const pipe = this.pipeline('one');
          if (!this.peekPunct(')')) throw new UnsupportedTemplate('unclosed left paren');
          this.i++;
          return { kind: 'sub', pipe, path: this.chain() };
        }
    }
    throw new UnsupportedTemplate(`unexpected ${t.v} in operand`);
  }
}

/**
 * html/template drops HTML comments from the template's text (`<!-- … -->`, even across actions; what
 * an action inside one would print is dropped too).
 */
function elideComments(items: Item[]): Item[] {
  let inComment = false;
  return items.map((item) => {
    if (item.text === undefined) return inComment ? { ...item, silent: true } : item;
    let out = '';
    let rest = item.text;
    for (;;) {
      if (inComment) {
        const close = rest.indexOf('-->');
        if (close < 0) break;
        rest = rest.slice(close + 3);
        inComment = false;
      }
      const open = rest.indexOf('<!--');
      if (open < 0) {
        out += rest;
        break;
      }
      out += rest.slice(0, open);
      rest = rest.slice(open + 4);
      inComment = true;
    }
    return { text: out };
  });
}

function keyword(toks: Tok[], at = 0): string {
  const t = toks[at];
  return t?.t === 'ident' && KEYWORDS.has(t.v) ? t.v : '';
}

/** Parses a template once; the result is executed by executeTemplate. Throws UnsupportedTemplate on a syntax error. */
export function parseTemplate(src: string): Node[] {
  const items = elideComments(lex(src));
  let i = 0;
  let vars = ['$'];
  const endOf = (what: string, toks: Tok[], at: number) => {
    if (toks.length > at) throw new UnsupportedTemplate(`unexpected ${String(toks[at].v)} in ${what}`);
  };
  /** Reads nodes up to an `end` or `else` that closes the enclosing block; returns that action's tokens. */
  const list = (depth: number): { nodes: Node[]; stop?: Tok[] } => {
    const nodes: Node[] = [];
    while (i < items.length) {
      const item = items[i++];
      if (item.text !== undefined) {
        nodes.push({ kind: 'text', text: item.text });
        continue;
      }
      const toks = item.toks!;
      const word = keyword(toks);
      if (word === 'end' || word === 'else') {
        if (!depth) throw new UnsupportedTemplate(`unexpected {{${word}}}`);
        if (word === 'end') endOf('end', toks, 1);
        return { nodes, stop: toks };
      }
      if (word === 'if' || word === 'with' || word === 'range') nodes.push(control(word, toks, 1, depth));
      else if (word === 'break' || word === 'continue') {
        endOf(word, toks, 1);
        nodes.push({ kind: word });
      } else if (word === 'template') {
        const p = new PipelineParser(toks, 1, vars);
        const name = p.name();
        nodes.push({ kind: 'template', name, pipe: p.done() ? undefined : finish(p, p.pipeline('one')) });
      } else if (word === 'define' || word === 'block') {
        const p = new PipelineParser(toks, 1, vars);
        const name = p.name();
        const pipe = word === 'block' ? finish(p, p.pipeline('one')) : undefined;
        if (word === 'define') endOf('define', toks, 2);
        const outer = vars;
        vars = ['$'];
        const r = list(depth + 1);
        vars = outer;
        if (!r.stop || keyword(r.stop) !== 'end') throw new UnsupportedTemplate(`unexpected else in ${word}`);
        nodes.push({ kind: 'define', name, body: r.nodes });
        if (word === 'block') nodes.push({ kind: 'template', name, pipe });
      } else {
        const p = new PipelineParser(toks, 0, vars);
        nodes.push({ kind: 'action', pipe: finish(p, p.pipeline('one')), silent: item.silent });
      }
    }
    if (depth) throw new UnsupportedTemplate('unexpected EOF');
    return { nodes };
  };
  const finish = (p: PipelineParser, pipe: Pipeline): Pipeline => {
    if (!p.done()) throw new UnsupportedTemplate('unexpected ) in pipeline');
    return pipe;
  };
  /** if/with/range from the keyword's tokens; `else if` and `else with` become a nested block in the else branch. */
  const control = (word: 'if' | 'with' | 'range', toks: Tok[], at: number, depth: number): Node => {
    const mark = vars.length;
    const p = new PipelineParser(toks, at, vars);
    const pipe = finish(p, p.pipeline(word === 'range' ? 'two' : 'one'));
    const body = list(depth + 1);
    let otherwise: Node[] = [];
    const stop = body.stop!;
    if (keyword(stop) === 'else') {
      const chained = keyword(stop, 1);
      if ((chained === 'if' || chained === 'with') && word !== 'range') {
        // `{{else if x}}…{{end}}` is `{{else}}{{if x}}…{{end}}{{end}}`: the one end closes both.
        otherwise = [control(chained, stop, 2, depth)];
      } else {
        endOf('else', stop, 1);
        const rest = list(depth + 1);
        if (!rest.stop || keyword(rest.stop) !== 'end') throw new UnsupportedTemplate('expected end; found else');
        otherwise = rest.nodes;
      }
    }
    vars.length = mark;
    return { kind: word, pipe, body: body.nodes, otherwise };
  };
  return list(0).nodes;
}

/** The templates a parsed file defines with `define` and `block`, by name. */
export function definedTemplates(nodes: Node[], into = new Map<string, Node[]>()): Map<string, Node[]> {
  for (const node of nodes) if (node.kind === 'define') into.set(node.name, node.body);
  return into;
}

// ---------- evaluation ----------

export type TemplateFunction = (...args: unknown[]) => unknown;

/** text/template's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(v: unknown): boolean {
  if (v instanceof SafeHtml) return v.html !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}

/** A field or map key on a value: Hugo's maps are read case-insensitively; methods are bound. */
function lookup(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Map) return value.has(key) ? value.get(key) : value.get(key.toLowerCase());
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    let found: string | undefined = key in obj ? key : undefined;
    if (found === undefined) {
      const lower = key.toLowerCase();
      found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
      if (found === undefined) {
        const method = (obj as Record<string, unknown>)[key];
        return typeof method === 'function' ? method.bind(obj) : undefined;
      }
    }
    const v = obj[found];
    return typeof v === 'function' ? (v as TemplateFunction).bind(obj) : v;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') throw new UnsupportedTemplate(`can't evaluate field ${key} in type ${typeof value}`);
  return undefined;
}

class Scope {
  private readonly vars: [string, unknown][] = [];
  constructor(root: unknown) {
    this.vars.push(['$', root]);
  }
  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    this.vars.length = mark;
  }
  declare(name: string, v: unknown): void {
    this.vars.push([name, v]);
  }
  assign(name: string, v: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === name) return void (this.vars[i][1] = v);
    throw new UnsupportedTemplate(`undefined variable: ${name}`);
  }
  get(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === name) return this.vars[i][1];
    throw new UnsupportedTemplate(`undefined variable: ${name}`);
  }
}

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

class ReturnSignal {
  constructor(readonly value: unknown) {}
}

/** Nodes and loop turns one run may take: a runaway template stops with UnsupportedTemplate. */
const STEP_LIMIT = 200000;

const NO_VALUE = Symbol('no piped value');

export interface ExecuteOptions {
  /** Named templates defined elsewhere (other files), for `template`; the file's own defines come first. */
  templates?: Map<string, Node[]>;
  /** text/template instead of html/template: values are printed as they are (Hugo's `.md` shortcode templates). */
  text?: boolean;
}

/**
 * Runs a parsed template with `root` as dot and `$`; html/template's escapers are applied by context (text/template
 * prints values as they are).
 */
export function executeTemplate(nodes: Node[], root: unknown, funcs: Record<string, TemplateFunction>, options: ExecuteOptions = {}): string {
  return executePartial(nodes, root, funcs, options).output;
}

/** Runs a template as Hugo runs a partial: `returned` is the value of `{{ return X }}`, when it ran one. */
export function executePartial(nodes: Node[], root: unknown, funcs: Record<string, TemplateFunction>, options: ExecuteOptions = {}): { output: string; returned?: { value: unknown } } {
  const templates = definedTemplates(nodes, new Map(options.templates));
  let scope = new Scope(root);
  let steps = 0;
  let depth = 0;
  const context = new HtmlContext();
  let out = '';

  const call = (fn: unknown, args: unknown[], name: string): unknown => {
    if (typeof fn !== 'function') {
      if (args.length) throw new UnsupportedTemplate(`${name} is not a method but has arguments`);
      return fn;
    }
    return (fn as TemplateFunction)(...args);
  };

  /** Fields after a value; the last one gets the command's arguments when it is a method. */
  const fields = (value: unknown, path: string[], args: unknown[] | undefined): unknown => {
    for (let k = 0; k < path.length; k++) {
      const last = k === path.length - 1;
      if ((value === undefined || value === null) && last && args?.length) throw new UnsupportedTemplate(`${path[k]} called on a missing value (.${path.slice(0, k).join('.')})`);
      value = lookup(value, path[k]);
      if (typeof value === 'function') value = (value as TemplateFunction)(...(last ? (args ?? []) : []));
      else if (last && args?.length) throw new UnsupportedTemplate(value === undefined ? `can't evaluate field ${path[k]} (no such method here)` : `${path[k]} is not a method but has arguments`);
    }
    return value;
  };

  const withPiped = (args: unknown[], piped: unknown): unknown[] => (piped === NO_VALUE ? args : [...args, piped]);

  /** An identifier: a function, or a chain on one (`site.Params.x`, `strings.HasPrefix`: the longest name in the table). */
  const callIdent = (name: string, args: Operand[], dot: unknown, piped: unknown): unknown => {
    if (name === 'and' || name === 'or') {
      // Go 1.18+: evaluated left to right, stopping at the first operand that decides; that operand is the result.
      const operands: (() => unknown)[] = args.map((op) => () => evalArg(op, dot));
      if (piped !== NO_VALUE) operands.push(() => piped);
      if (!operands.length) throw new UnsupportedTemplate(`wrong number of args for ${name}`);
      let v: unknown;
      for (const operand of operands) {
        v = operand();
        if (truthy(v) === (name === 'or')) return v;
      }
      return v;
    }
    if (name === 'return' && !funcs[name]) {
      // Hugo's partials: `{{ return X }}` ends the partial, whose value X becomes.
      throw new ReturnSignal(args.length ? evalArg(args[0], dot) : piped === NO_VALUE ? undefined : piped);
    }
    const fn = funcs[name];
    if (typeof fn === 'function') return fn(...withPiped(args.map((op) => evalArg(op, dot)), piped));
    const parts = name.split('.');
    for (let cut = parts.length - 1; cut >= 1; cut--) {
      const head = funcs[parts.slice(0, cut).join('.')];
      if (typeof head === 'function') return fields(head(), parts.slice(cut), withPiped(args.map((op) => evalArg(op, dot)), piped));
    }
    throw new UnsupportedTemplate(`function ${name}`);
  };

  /** An argument: evaluated without arguments of its own (a function name is called with none). */
  const evalArg = (op: Operand, dot: unknown): unknown => {
    switch (op.kind) {
      case 'literal':
        return op.value;
      case 'dot':
        return fields(dot, op.path, undefined);
      case 'var':
        return fields(scope.get(op.name), op.path, undefined);
      case 'sub':
        return fields(evalPipeline(op.pipe, dot), op.path, undefined);
      case 'ident':
        return callIdent(op.name, [], dot, NO_VALUE);
    }
  };

  const evalCommand = (cmd: Operand[], dot: unknown, piped: unknown): unknown => {
    const [head, ...rest] = cmd;
    switch (head.kind) {
      case 'ident':
        return callIdent(head.name, rest, dot, piped);
      case 'literal':
      case 'sub':
        if (head.kind === 'literal' && head.value === undefined) throw new UnsupportedTemplate('nil is not a command');
        if (rest.length || piped !== NO_VALUE) {
          if (head.kind === 'sub' && head.path.length) break;
          throw new UnsupportedTemplate(`can't give argument to non-function ${goString(head.kind === 'literal' ? head.value : '(…)')}`);
        }
        return evalArg(head, dot);
      case 'dot':
      case 'var':
        if (!head.path.length) {
          if (rest.length || piped !== NO_VALUE) throw new UnsupportedTemplate(`can't give argument to non-function ${head.kind === 'var' ? head.name : '.'}`);
          return evalArg(head, dot);
        }
    }
    const base = head.kind === 'dot' ? dot : head.kind === 'var' ? scope.get(head.name) : evalPipeline((head as { pipe: Pipeline }).pipe, dot);
    const args = withPiped(
      rest.map((op) => evalArg(op, dot)),
      piped,
    );
    return fields(base, (head as { path: string[] }).path, args);
  };

  const evalPipeline = (pipe: Pipeline, dot: unknown): unknown => {
    let value: unknown = NO_VALUE;
    for (const cmd of pipe.cmds) value = evalCommand(cmd, dot, value);
    if (pipe.decl) for (const name of pipe.decl.names) pipe.decl.assign ? scope.assign(name, value) : scope.declare(name, value);
    return value;
  };

  const write = (text: string) => {
    out += text;
    context.feed(text);
  };

  const run = (nodes: Node[], dot: unknown): void => {
    for (const node of nodes) {
      if (++steps > STEP_LIMIT) throw new UnsupportedTemplate('too long');
      switch (node.kind) {
        case 'text':
          write(node.text);
          break;
        case 'action': {
          const v = evalPipeline(node.pipe, dot);
          if (!node.pipe.decl && !node.silent) out += options.text ? goString(v) : context.escape(v);
          break;
        }
        case 'if':
        case 'with': {
          const mark = scope.mark();
          const v = evalPipeline(node.pipe, dot);
          if (truthy(v)) run(node.body, node.kind === 'with' ? v : dot);
          else run(node.otherwise, dot);
          scope.pop(mark);
          break;
        }
        case 'range':
          range(node, dot);
          break;
        case 'break':
        case 'continue':
          throw new LoopSignal(node.kind);
        case 'define':
          break;
        case 'template': {
          const body = templates.get(node.name);
          if (!body) throw new UnsupportedTemplate(`no such template "${node.name}"`);
          if (++depth > 100) throw new UnsupportedTemplate('exceeded maximum template depth');
          const arg = node.pipe ? evalPipeline(node.pipe, dot) : undefined;
          const saved = scope;
          scope = new Scope(arg);
          try {
            run(body, arg);
          } finally {
            scope = saved;
            depth--;
          }
          break;
        }
      }
    }
  };

  const range = (node: ControlNode, dot: unknown): void => {
    const mark = scope.mark();
    const v = evalPipeline({ cmds: node.pipe.cmds }, dot);
    let entries: [unknown, unknown][];
    if (Array.isArray(v)) entries = v.map((x, i) => [i, x]);
    else if (v instanceof Map) entries = [...v.keys()].map(String).sort(byteOrder).map((k) => [k, v.get(k)]);
    else if (v && typeof v === 'object' && !(v instanceof SafeHtml)) entries = Object.keys(v).sort(byteOrder).map((k) => [k, (v as Record<string, unknown>)[k]]);
    else if (typeof v === 'number' && Number.isInteger(v)) {
      if (v > STEP_LIMIT) throw new UnsupportedTemplate('too long');
      entries = Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
    } else if (v === undefined || v === null) entries = [];
    else throw new UnsupportedTemplate(`range can't iterate over ${goString(v)}`);
    const names = node.pipe.decl?.names ?? [];
    for (const [k, x] of entries) {
      if (++steps > STEP_LIMIT) throw new UnsupportedTemplate('too long');
      const iteration = scope.mark();
      if (names.length === 1) scope.declare(names[0], x);
      else if (names.length === 2) {
        scope.declare(names[0], k);
        scope.declare(names[1], x);
      }
      try {
        run(node.body, x);
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.kind === 'break') {
          scope.pop(iteration);
          break;
        }
      }
      scope.pop(iteration);
    }
    scope.pop(mark);
    if (!entries.length) run(node.otherwise, dot);
  };

  try {
    run(nodes, root);
  } catch (e) {
    if (e instanceof ReturnSignal) return { output: out, returned: { value: e.value } };
    if (e instanceof LoopSignal) throw new UnsupportedTemplate(`{{${e.kind}}} outside {{range}}`);
    throw e;
  }
  return { output: out };
}
