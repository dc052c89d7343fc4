/**
 * A small interpreter for the simple Go templates blogs write as shortcodes: `.Get`, `.Inner`,
 * `.Params`, variables, pipelines, if/else/with/range, and common functions (markdownify, default,
 * printf, eq…). Anything else (resources, define/block) throws UnsupportedTemplate
 * and the caller shows a placeholder instead. Output is HTML-escaped unless it is marked safe, as
 * html/template does.
 */
export class UnsupportedTemplate extends Error {}

/** template.HTML: inserted without escaping. */
export class SafeHtml {
  /** `attr`: template.HTMLAttr (safeHTMLAttr), the one kind html/template lets into an attribute name. */
  constructor(
    readonly html: string,
    readonly kind?: 'attr',
  ) {}
  toString(): string {
    return this.html;
  }
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline; silent?: boolean }
  | { kind: 'if'; branches: { pipe: Pipeline; body: Node[] }[]; otherwise: Node[] }
  | { kind: 'with'; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: 'range'; pipe: Pipeline; body: Node[]; otherwise: Node[] };

interface Pipeline {
  decl?: { names: string[]; assign: boolean };
  cmds: Operand[][];
}

type Operand =
  | { kind: 'field'; base: string; path: string[] }
  | { kind: 'literal'; value: unknown }
  | { kind: 'ident'; name: string }
  | { kind: 'sub'; pipe: Pipeline; path: string[] };

// ---------- lexing ----------

interface Action {
  text?: string;
  action?: string;
}

function splitActions(src: string): Action[] {
  const out: Action[] = [];
  let pos = 0;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    if (open < 0) {
      out.push({ text: src.slice(pos) });
      break;
    }
    let text = src.slice(pos, open);
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start++;
    }
    const close = findActionEnd(src, start);
    if (close < 0) throw new UnsupportedTemplate('unclosed action');
    let end = close;
    let next = close + 2;
    if (src[close - 1] === '-' && /\s/.test(src[close - 2] ?? '')) {
      end = close - 1;
      const rest = /^\s*/.exec(src.slice(next))![0];
      next += rest.length;
    }
    if (text) out.push({ text });
    const action = src.slice(start, end).trim();
    if (!action.startsWith('/*')) out.push({ action });
    pos = next;
  }
  return out;
}

function findActionEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && src[i + 1] === '}') return i;
  }
  return -1;
}

type Tok = { t: 'str' | 'num' | 'field' | 'var' | 'ident' | 'punct'; v: string };

function tokenize(action: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|(-?\d+(?:\.\d+)?)|(\$[\w]*(?:\.[\w]+)*)|((?:\.[\w]+)+|\.)|([A-Za-z_][\w]*(?:\.[\w]+)*)|(:=|=|\||\(|\)|,)|'(.)')/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(action)) && m[0] !== '') {
    if (m[1] !== undefined) toks.push({ t: 'str', v: JSON.parse(`"${m[1]}"`) });
    else if (m[2] !== undefined) toks.push({ t: 'str', v: m[2] });
    else if (m[3] !== undefined) toks.push({ t: 'num', v: m[3] });
    else if (m[4] !== undefined) toks.push({ t: 'var', v: m[4] });
    else if (m[5] !== undefined) toks.push({ t: 'field', v: m[5] });
    else if (m[6] !== undefined) toks.push({ t: 'ident', v: m[6] });
    else if (m[7] !== undefined) toks.push({ t: 'punct', v: m[7] });
    else if (m[8] !== undefined) toks.push({ t: 'str', v: m[8] });
    if (re.lastIndex >= action.length) break;
  }
  if (re.lastIndex < action.length && action.slice(re.lastIndex).trim() !== '') throw new UnsupportedTemplate(`cannot read: ${action}`);
  return toks;
}

// ---------- parsing ----------

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  pipeline(): Pipeline {
    const pipe: Pipeline = { cmds: [] };
    // `$a := …`, `$a = …`, `$i, $e := …`
    const save = this.i;
    const names: string[] = [];
    while (this.toks[this.i]?.t === 'var') {
      names.push(this.toks[this.i].v);
      this.i++;
      if (this.peek(',')) this.i++;
      else break;
    }
    if (names.length && (this.peek(':=') || this.peek('='))) {
      pipe.decl = { names, assign: this.toks[this.i].v === '=' };
      this.i++;
    } else this.i = save;
    let cmd: Operand[] = [];
    while (this.i < this.toks.length && !this.peek(')')) {
      if (this.peek('|')) {
        this.i++;
        pipe.cmds.push(cmd);
        cmd = [];
        continue;
      }
      cmd.push(this.operand());
    }
    pipe.cmds.push(cmd);
    if (pipe.cmds.some((c) => c.length === 0) && !(pipe.decl && pipe.cmds.length === 1 && pipe.cmds[0].length === 0)) throw new UnsupportedTemplate('empty command');
    return pipe;
  }

  private peek(p: string): boolean {
    const t = this.toks[this.i];
    return !!t && t.t === 'punct' && t.v === p;
  }

  private operand(): Operand {
    const t = this.toks[this.i++];
    switch (t.t) {
      case 'str':
        return { kind: 'literal', value: t.v };
      case 'num':
        return { kind: 'literal', value: Number(t.v) };
      case 'field':
        return { kind: 'field', base: '.', path: t.v === '.' ? [] : t.v.slice(1).split('.') };
      case 'var': {
        const [base, ...path] = t.v.split('.');
        return { kind: 'field', base, path };
      }
      case 'ident':
        if (t.v === 'true' || t.v === 'false') return { kind: 'literal', value: t.v === 'true' };
        if (t.v === 'nil') return { kind: 'literal', value: undefined };
        return { kind: 'ident', name: t.v };
      case 'punct':
        if (t.v === '(') {
          const pipe = this.pipeline();
          if (!this.peek(')')) throw new UnsupportedTemplate('missing )');
          this.i++;
          let path: string[] = [];
          const next = this.toks[this.i];
          if (next?.t === 'field' && next.v !== '.') {
            path = next.v.slice(1).split('.');
            this.i++;
          }
          return { kind: 'sub', pipe, path };
        }
    }
    throw new UnsupportedTemplate(`unexpected ${t.v}`);
  }
}

function parsePipeline(text: string): Pipeline {
  return new Parser(tokenize(text)).pipeline();
}

/**
 * html/template drops HTML comments from the template's text (`<!-- … -->`, even across actions; what
 * an action inside one would print is dropped too). Returns the items with comment text removed.
 */
function elideComments(items: Action[]): (Action & { silent?: boolean })[] {
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

export function parseTemplate(src: string): Node[] {
  const items = elideComments(splitActions(src));
  let i = 0;
  const block = (stopAt: string[]): { nodes: Node[]; stop: string } => {
    const nodes: Node[] = [];
    while (i < items.length) {
      const item = items[i++];
      if (item.text !== undefined) {
        if (item.text) nodes.push({ kind: 'text', text: item.text });
        continue;
      }
      const a = item.action!;
      const word = /^[\w]+/.exec(a)?.[0] ?? '';
      if (stopAt.includes(word) || (word === 'else' && stopAt.includes('else'))) return { nodes, stop: a };
      if (word === 'if') {
        const branches = [{ pipe: parsePipeline(a.slice(2)), body: [] as Node[] }];
        let otherwise: Node[] = [];
        for (;;) {
          const r = block(['else', 'end']);
          if (r.stop === 'end' || r.stop === '') {
            branches[branches.length - 1].body = r.nodes;
            break;
          }
          branches[branches.length - 1].body = r.nodes;
          const elseIf = /^else\s+if\s+([\s\S]*)$/.exec(r.stop);
          if (elseIf) branches.push({ pipe: parsePipeline(elseIf[1]), body: [] });
          else {
            const last = block(['end']);
            otherwise = last.nodes;
            break;
          }
        }
        nodes.push({ kind: 'if', branches, otherwise });
      } else if (word === 'with' || word === 'range') {
        const pipe = parsePipeline(a.slice(word.length));
        const r = block(['else', 'end']);
        let otherwise: Node[] = [];
        if (r.stop !== 'end') {
          if (/^else\s+with/.test(r.stop)) throw new UnsupportedTemplate('else with');
          otherwise = block(['end']).nodes;
        }
        nodes.push({ kind: word, pipe, body: r.nodes, otherwise });
      } else if (['define', 'block', 'template', 'break', 'continue', 'try'].includes(word)) {
        throw new UnsupportedTemplate(word);
      } else {
        nodes.push({ kind: 'action', pipe: parsePipeline(a), silent: item.silent });
      }
    }
    return { nodes, stop: '' };
  };
  return block([]).nodes;
}

// ---------- evaluation ----------

export type TemplateFunction = (...args: unknown[]) => unknown;

export function truthy(v: unknown): boolean {
  if (v instanceof SafeHtml) return v.html !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}

function lookup(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Map) return value.get(key) ?? value.get(key.toLowerCase());
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (key in obj) {
      const v = obj[key];
      return typeof v === 'function' ? (v as TemplateFunction).bind(obj) : v;
    }
    const lower = key.toLowerCase();
    const found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
    if (found !== undefined) return obj[found];
    return undefined;
  }
  return undefined;
}

class Scope {
  private readonly vars: Map<string, unknown>[] = [new Map()];
  constructor(root: unknown) {
    this.vars[0].set('$', root);
  }
  push(): void {
    this.vars.push(new Map());
  }
  pop(): void {
    this.vars.pop();
  }
  declare(name: string, v: unknown): void {
    this.vars[this.vars.length - 1].set(name, v);
  }
  assign(name: string, v: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].has(name)) return void this.vars[i].set(name, v);
    throw new UnsupportedTemplate(`undefined variable ${name}`);
  }
  get(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].has(name)) return this.vars[i].get(name);
    throw new UnsupportedTemplate(`undefined variable ${name}`);
  }
}

/**
 * Whether output written after `html` lands where html/template expects an attribute name: inside a
 * start tag (`<img src="x" ⟨here⟩`), not inside a quoted value nor right after `=`.
 */
export function inAttributeName(html: string): boolean {
  const open = html.search(/<[a-zA-Z][^<]*$/);
  if (open < 0) return false;
  let quote = '';
  let last = '';
  for (let i = open + 1; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '>') return false;
    if (!/\s/.test(c)) last = c;
  }
  return !quote && last !== '=';
}

/**
 * html/template's htmlNameFilter: an attribute name made by an action is lower-cased and must be letters
 * and digits only; anything else (an empty string too) becomes the failsafe `ZgotmplZ`. safeHTMLAttr passes.
 */
/** Attribute names html/template treats as URL, CSS or JS (attr.go's attrType): never made by an action. */
const NON_PLAIN_ATTR = /^(?:on|xmlns|(?:action|archive|background|cite|classid|codebase|data|formaction|href|icon|longdesc|manifest|poster|profile|style|usemap|srcset)$)|src|uri|url/;

export function attributeName(v: unknown): string {
  if (v instanceof SafeHtml && v.kind === 'attr') return v.html;
  const s = (v instanceof SafeHtml ? v.html : v === undefined || v === null ? '' : String(v)).toLowerCase();
  return /^[a-z0-9]+$/.test(s) && !NON_PLAIN_ATTR.test(s) ? s : 'ZgotmplZ';
}

export function executeTemplate(nodes: Node[], root: unknown, funcs: Record<string, TemplateFunction>, escape: (s: string) => string): string {
  const scope = new Scope(root);
  let steps = 0;

  const evalOperand = (op: Operand, dot: unknown, args: unknown[] | undefined, piped: unknown[]): unknown => {
    switch (op.kind) {
      case 'literal':
        return op.value;
      case 'ident': {
        const fn = funcs[op.name];
        if (fn) return fn(...(args ?? []), ...piped);
        // A chain on a function's result: `site.Params.version` is `site` (no arguments), then fields.
        const parts = op.name.split('.');
        for (let cut = parts.length - 1; cut >= 1; cut--) {
          const head = funcs[parts.slice(0, cut).join('.')];
          if (head) return evalOperand({ kind: 'field', base: '', path: parts.slice(cut) }, head(), args, piped);
        }
        throw new UnsupportedTemplate(`function ${op.name}`);
      }
      case 'field':
      case 'sub': {
        let value = op.kind === 'sub' ? evalPipeline(op.pipe, dot) : op.base === '.' || op.base === '' ? dot : scope.get(op.base);
        for (let k = 0; k < op.path.length; k++) {
          value = lookup(value, op.path[k]);
          if (typeof value === 'function') value = k === op.path.length - 1 ? (value as TemplateFunction)(...(args ?? []), ...piped) : (value as TemplateFunction)();
        }
        if (typeof value === 'function') value = (value as TemplateFunction)(...(args ?? []), ...piped);
        return value;
      }
    }
  };

  const evalCommand = (cmd: Operand[], dot: unknown, piped: unknown[]): unknown => {
    const [head, ...rest] = cmd;
    const args = rest.map((op) => evalOperand(op, dot, undefined, []));
    if (head.kind === 'literal' || (head.kind === 'field' && rest.length === 0 && piped.length === 0)) return evalOperand(head, dot, undefined, []);
    return evalOperand(head, dot, args, piped);
  };

  const evalPipeline = (pipe: Pipeline, dot: unknown): unknown => {
    let value: unknown;
    pipe.cmds.forEach((cmd, i) => {
      value = evalCommand(cmd, dot, i === 0 ? [] : [value]);
    });
    if (pipe.decl) {
      for (const name of pipe.decl.names) pipe.decl.assign ? scope.assign(name, value) : scope.declare(name, value);
    }
    return value;
  };

  let out = '';
  const run = (nodes: Node[], dot: unknown): void => {
    for (const node of nodes) {
      if (++steps > 100000) throw new UnsupportedTemplate('too long');
      switch (node.kind) {
        case 'text':
          out += node.text;
          break;
        case 'action': {
          const v = evalPipeline(node.pipe, dot);
          if (!node.pipe.decl && !node.silent) out += inAttributeName(out) ? attributeName(v) : v instanceof SafeHtml ? v.html : v === undefined || v === null ? '' : escape(String(v));
          break;
        }
        case 'if': {
          const branch = node.branches.find((b) => {
            scope.push();
            const ok = truthy(evalPipeline(b.pipe, dot));
            scope.pop();
            return ok;
          });
          scope.push();
          run(branch ? branch.body : node.otherwise, dot);
          scope.pop();
          break;
        }
        case 'with': {
          scope.push();
          const v = evalPipeline(node.pipe, dot);
          if (truthy(v)) run(node.body, v);
          else run(node.otherwise, dot);
          scope.pop();
          break;
        }
        case 'range': {
          const decl = node.pipe.decl;
          const v = evalPipeline({ cmds: node.pipe.cmds }, dot);
          const entries: [unknown, unknown][] = Array.isArray(v)
            ? v.map((x, i) => [i, x])
            : v && typeof v === 'object'
              ? Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))
              : typeof v === 'number'
                ? Array.from({ length: v }, (_, i) => [i, i])
                : [];
          if (!entries.length) run(node.otherwise, dot);
          for (const [k, x] of entries) {
            scope.push();
            if (decl?.names.length === 1) scope.declare(decl.names[0], x);
            else if (decl?.names.length === 2) {
              scope.declare(decl.names[0], k);
              scope.declare(decl.names[1], x);
            }
            run(node.body, x);
            scope.pop();
          }
          break;
        }
      }
    }
  };
  run(nodes, root);
  return out;
}
