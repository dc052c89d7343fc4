/**
 * A small regex state-machine lexer that runs the way Chroma's RegexLexer does, so that code blocks get
 * the token types (and so the CSS classes) Hugo's Chroma writes:
 * - at each position the rules of the current state are tried in order (includes expanded), the first match wins;
 * - a rule emits one token type for the whole match, or one per capture group (bygroups);
 * - a rule may push states (or the current state again) and pop any depth (never below the root);
 * - when nothing matches, a newline resets the stack to root and is emitted as text, any other character is an error;
 * - adjacent tokens of the same type are merged.
 * The rules themselves live in chromaLexers.ts. Pure: no I/O.
 */

export type TokenType = string;

/** In a bygroups list: the group is lexed again from this lexer's root (Chroma's UsingSelf("root")). */
export const USING_SELF = '#self';
/** In a bygroups list or as a rule's token: the text is lexed by another lexer (Chroma's Using(lexer)). */
export const using = (lexer: string): TokenType => `#using:${lexer}`;

export interface Rule {
  /** The pattern, written as a JS regex source; compiled sticky, multi-line unless the lexer says otherwise. */
  pattern?: string;
  /** One type for the match, or one per capture group (undefined: the group is dropped, as Chroma's Ignore). */
  token?: TokenType | Array<TokenType | undefined>;
  /** States to push ('#push' pushes the current one again, '#pop' pops one; 'a+b' is Chroma's combined state of a and b). */
  push?: string | string[];
  pop?: number;
  include?: string;
}

export interface LexerDefinition {
  name: string;
  aliases: string[];
  /** Chroma's not_multiline: `^`/`$` match at the ends of the text only. */
  notMultiline?: boolean;
  /** Chroma's dot_all. */
  dotAll?: boolean;
  caseInsensitive?: boolean;
  states: Record<string, Rule[]>;
}

export interface Token {
  type: TokenType;
  value: string;
}

interface CompiledRule {
  re: RegExp;
  token?: TokenType | Array<TokenType | undefined>;
  push?: string[];
  pop?: number;
}

const WORD = String.raw`\p{L}\p{Mn}\p{Nd}\p{Pc}`;
const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const ESCAPES = new Set([...'nrtfv0123456789xucpPkdDsS']);

/**
 * Chroma's patterns run on a .NET-style engine where `\w` and `\b` know Unicode letters; written as JS with the
 * `u` flag: `\w`, `\W`, `\b`, `\B` spelt out, identity escapes of non-syntax characters dropped.
 */
export function translatePattern(source: string): string {
  let out = '';
  let inClass = false;
  // Hugo 0.111's Chroma reads `[^\W\d]` as `\w` (digits included): Java's `1` is a Name there.
  const src = source.replace(/\[\^\\W\\d\]/g, `[${WORD}]`);
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[++i] ?? '';
      if (n === 'w') out += inClass ? WORD : `[${WORD}]`;
      else if (n === 'W' && !inClass) out += `[^${WORD}]`;
      else if (n === 'b' && !inClass) out += `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
      else if (n === 'B' && !inClass) out += `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
      else if (SYNTAX.has(n) || ESCAPES.has(n) || (inClass && (n === 'b' || n === '-')) || n === 'W') out += '\\' + n;
      else out += n;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

export class ChromaLexer {
  private readonly compiled = new Map<string, CompiledRule[]>();

  /** Resolves `using(name)` (set by chromaLexers.ts, which knows every lexer). */
  static lookup: (name: string) => ChromaLexer | undefined = () => undefined;

  constructor(readonly definition: LexerDefinition) {
    const flags = 'yu' + (definition.notMultiline ? '' : 'm') + (definition.dotAll ? 's' : '') + (definition.caseInsensitive ? 'i' : '');
    for (const name of Object.keys(definition.states)) this.compiled.set(name, this.expand(name, flags, new Set()));
    // Chroma's `combined` states ("a+b" here): the rules of each, in order.
    for (const rules of Object.values(definition.states)) {
      for (const rule of rules) {
        for (const name of [rule.push ?? []].flat()) {
          if (name.includes('+') && !this.compiled.has(name)) this.compiled.set(name, name.split('+').flatMap((part) => this.expand(part, flags, new Set())));
        }
      }
    }
  }

  private expand(state: string, flags: string, seen: Set<string>): CompiledRule[] {
    const rules = this.definition.states[state];
    if (!rules || seen.has(state)) return [];
    seen.add(state);
    const out: CompiledRule[] = [];
    for (const rule of rules) {
      if (rule.include) out.push(...this.expand(rule.include, flags, new Set(seen)));
      else if (rule.pattern !== undefined) {
        out.push({ re: new RegExp(translatePattern(rule.pattern), flags), token: rule.token, push: rule.push === undefined ? undefined : [rule.push].flat(), pop: rule.pop });
      }
    }
    return out;
  }

  /**
   * Some of Chroma's rules backtrack over the rest of the text (Java's method rule on a long block without `(`):
   * past this many milliseconds the rest of the block is written as plain text rather than freezing the preview.
   */
  static budgetMs = 250;

  tokenise(text: string): Token[] {
    const started = Date.now();
    let steps = 0;
    const tokens: Token[] = [];
    const emit = (type: TokenType, value: string) => {
      if (!value) return;
      if (type.startsWith('#using:')) {
        const other = ChromaLexer.lookup(type.slice('#using:'.length));
        if (other) for (const t of other.tokenise(value)) emit(t.type, t.value);
        else emit('Text', value);
        return;
      }
      const last = tokens[tokens.length - 1];
      if (last && last.type === type) last.value += value;
      else tokens.push({ type, value });
    };
    const stack = ['root'];
    let pos = 0;
    // A guard against rules that match nothing and change no state, pushing forever.
    let emptySteps = 0;
    while (pos < text.length) {
      if ((++steps & 255) === 0 && Date.now() - started > ChromaLexer.budgetMs) {
        emit('Text', text.slice(pos));
        break;
      }
      const rules = this.compiled.get(stack[stack.length - 1]) ?? [];
      let matched = false;
      for (const rule of rules) {
        rule.re.lastIndex = pos;
        const m = rule.re.exec(text);
        if (!m) continue;
        if (m[0].length === 0 && !rule.push && !rule.pop) continue;
        matched = true;
        if (Array.isArray(rule.token)) {
          for (let g = 1; g < m.length; g++) {
            const type = rule.token[g - 1];
            if (type === USING_SELF && m[g]) for (const t of this.tokenise(m[g])) emit(t.type, t.value);
            else if (type !== undefined && m[g] !== undefined) emit(type, m[g]);
          }
        } else if (rule.token !== undefined) emit(rule.token, m[0]);
        if (rule.pop) stack.splice(Math.max(1, stack.length - rule.pop));
        if (rule.push) {
          for (const s of rule.push) {
            if (s === '#pop') {
              if (stack.length > 1) stack.pop();
            } else stack.push(s === '#push' ? stack[stack.length - 1] : s);
          }
          if (stack.length > 200) stack.splice(1, stack.length - 100);
        }
        if (m[0].length === 0) {
          if (++emptySteps > 50) matched = false;
        } else emptySteps = 0;
        pos += m[0].length;
        break;
      }
      if (matched) continue;
      emptySteps = 0;
      if (text[pos] === '\n') {
        stack.splice(1);
        emit('Text', '\n');
      } else emit('Error', text[pos]);
      pos++;
    }
    return tokens;
  }
}

/**
 * Chroma's DelegatingLexer: the language lexer (a template language) runs first; the text of its `Other` tokens is
 * joined and lexed by the root lexer (HTML), and the language's own tokens are put back where they were.
 */
export class DelegatingLexer {
  constructor(
    readonly root: ChromaLexer,
    readonly language: ChromaLexer,
  ) {}

  tokenise(text: string): Token[] {
    let others = '';
    const insertions: Array<{ at: number; tokens: Token[] }> = [];
    for (const t of this.language.tokenise(text)) {
      if (t.type === 'Other') {
        others += t.value;
        continue;
      }
      const last = insertions[insertions.length - 1];
      if (last && last.at === others.length) last.tokens.push(t);
      else insertions.push({ at: others.length, tokens: [t] });
    }
    const out: Token[] = [];
    let offset = 0;
    let next = 0;
    const flush = (upTo: number) => {
      while (next < insertions.length && insertions[next].at <= upTo) out.push(...insertions[next++].tokens);
    };
    for (const t of this.root.tokenise(others)) {
      let value = t.value;
      let start = offset;
      while (next < insertions.length && insertions[next].at < start + value.length) {
        const cut = insertions[next].at - start;
        if (cut > 0) out.push({ type: t.type, value: value.slice(0, cut) });
        value = value.slice(Math.max(cut, 0));
        start += Math.max(cut, 0);
        out.push(...insertions[next++].tokens);
      }
      if (value) out.push({ type: t.type, value });
      offset += t.value.length;
    }
    flush(Infinity);
    return out;
  }
}

/** Chroma's CSS class for each token type (its StandardTypes). Text has none. */
const CLASS_OF: Record<string, string> = {
  Background: 'bg', Error: 'err', Other: 'x', Text: '', TextWhitespace: 'w', TextSymbol: '', TextPunctuation: '',
  Keyword: 'k', KeywordConstant: 'kc', KeywordDeclaration: 'kd', KeywordNamespace: 'kn', KeywordPseudo: 'kp',
  KeywordReserved: 'kr', KeywordType: 'kt',
  Name: 'n', NameAttribute: 'na', NameBuiltin: 'nb', NameBuiltinPseudo: 'bp', NameClass: 'nc', NameConstant: 'no',
  NameDecorator: 'nd', NameEntity: 'ni', NameException: 'ne', NameFunction: 'nf', NameFunctionMagic: 'fm',
  NameKeyword: 'nk', NameLabel: 'nl', NameNamespace: 'nn', NameOperator: 'nO', NameOther: 'nx', NameProperty: 'py',
  NamePseudo: 'np', NameTag: 'nt', NameVariable: 'nv', NameVariableAnonymous: 'nva', NameVariableClass: 'vc',
  NameVariableGlobal: 'vg', NameVariableInstance: 'vi', NameVariableMagic: 'vm',
  Literal: 'l', LiteralDate: 'ld', LiteralOther: 'lo',
  LiteralString: 's', LiteralStringAffix: 'sa', LiteralStringAtom: 'sa', LiteralStringBacktick: 'sb',
  LiteralStringBoolean: 'sb', LiteralStringChar: 'sc', LiteralStringDelimiter: 'dl', LiteralStringDoc: 'sd',
  LiteralStringDouble: 's2', LiteralStringEscape: 'se', LiteralStringHeredoc: 'sh', LiteralStringInterpol: 'si',
  LiteralStringName: 'sn', LiteralStringOther: 'sx', LiteralStringRegex: 'sr', LiteralStringSingle: 's1',
  LiteralStringSymbol: 'ss',
  LiteralNumber: 'm', LiteralNumberBin: 'mb', LiteralNumberFloat: 'mf', LiteralNumberHex: 'mh',
  LiteralNumberInteger: 'mi', LiteralNumberIntegerLong: 'il', LiteralNumberOct: 'mo', LiteralNumberByte: 'mby',
  Operator: 'o', OperatorWord: 'ow', Punctuation: 'p',
  Comment: 'c', CommentHashbang: 'ch', CommentMultiline: 'cm', CommentPreproc: 'cp', CommentPreprocFile: 'cpf',
  CommentSingle: 'c1', CommentSpecial: 'cs',
  Generic: 'g', GenericDeleted: 'gd', GenericEmph: 'ge', GenericError: 'gr', GenericHeading: 'gh',
  GenericInserted: 'gi', GenericOutput: 'go', GenericPrompt: 'gp', GenericStrong: 'gs', GenericSubheading: 'gu',
  GenericTraceback: 'gt', GenericUnderline: 'gl',
};

export function chromaClass(type: TokenType): string {
  return CLASS_OF[type] ?? '';
}
