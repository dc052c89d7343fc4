/**
 * Lexer rules for the languages the corpora use most, written here after the rules of Chroma's own lexers
 * (github.com/alecthomas/chroma, lexers/): the same states, the same order of rules and the same token types,
 * so the classes match what Hugo writes. Patterns are JS regex sources (Go's `(?s)` spelt out as [\s\S]).
 * Languages not listed here fall back to highlight.js (highlight.ts).
 */
import { ChromaLexer, DelegatingLexer, USING_SELF, using, type LexerDefinition, type Rule, type Token } from './chroma';

const r = String.raw;
const rule = (pattern: string, token: Rule['token'], extra: Omit<Rule, 'pattern' | 'token'> = {}): Rule => ({ pattern, token, ...extra });
const include = (state: string): Rule => ({ include: state });
const words = (list: string, prefix = '', suffix = r`\b`) => `${prefix}(?:${list.trim().split(/\s+/).join('|')})${suffix}`;

const R_NAME = r`(?:` + '`' + r`[^` + '`' + r`\\]*(?:\\.[^` + '`' + r`\\]*)*` + '`' + r`)|(?:(?:[a-zA-z]|[_.][^0-9])[\w_.]*)`;

const R_LEXER: LexerDefinition = {
  name: 'R',
  aliases: ['r', 's', 'splus'],
  states: {
    numbers: [rule(r`0[xX][a-fA-F0-9]+([pP][0-9]+)?[Li]?`, 'LiteralNumberHex'), rule(r`[+-]?([0-9]+(\.[0-9]+)?|\.[0-9]+|\.)([eE][+-]?[0-9]+)?[Li]?`, 'LiteralNumber')],
    operators: [rule(r`<<?-|->>?|-|==|<=|>=|<|>|&&?|!=|\|\|?|\?`, 'Operator'), rule(r`\*|\+|\^|\/|!|%[^%]*%|=|~|\$|@|:{1,3}`, 'Operator')],
    root: [rule(`(${R_NAME})\\s*(?=\\()`, 'NameFunction'), include('statements'), rule(r`\{|\}`, 'Punctuation'), rule(r`.`, 'Text')],
    valid_name: [rule(R_NAME, 'Name')],
    keywords: [rule(r`(if|else|for|while|repeat|in|next|break|return|switch|function)(?![\w.])`, 'KeywordReserved')],
    builtin_symbols: [
      rule(r`(NULL|NA(_(integer|real|complex|character)_)?|letters|LETTERS|Inf|TRUE|FALSE|NaN|pi|\.\.(\.|[0-9]+))(?![\w.])`, 'KeywordConstant'),
      rule(r`(T|F)\b`, 'NameBuiltinPseudo'),
    ],
    string_squote: [rule(r`([^'\\]|\\[\s\S])*'`, 'LiteralString', { pop: 1 })],
    string_dquote: [rule(r`([^"\\]|\\[\s\S])*"`, 'LiteralString', { pop: 1 })],
    comments: [rule(r`#.*$`, 'CommentSingle')],
    punctuation: [rule(r`\[{1,2}|\]{1,2}|\(|\)|;|,`, 'Punctuation')],
    statements: [
      include('comments'),
      rule(r`\s+`, 'Text'),
      rule(`'`, 'LiteralString', { push: 'string_squote' }),
      rule(`"`, 'LiteralString', { push: 'string_dquote' }),
      include('builtin_symbols'),
      include('valid_name'),
      include('numbers'),
      include('keywords'),
      include('punctuation'),
      include('operators'),
    ],
  },
};

const BASH_LEXER: LexerDefinition = {
  name: 'Bash',
  aliases: ['bash', 'sh', 'ksh', 'zsh', 'shell'],
  states: {
    root: [include('basic'), rule('`', 'LiteralStringBacktick', { push: 'backticks' }), include('data'), include('interp')],
    interp: [
      rule(r`\$\(\(`, 'Keyword', { push: 'math' }),
      rule(r`\$\(`, 'Keyword', { push: 'paren' }),
      rule(r`\$\{#?`, 'LiteralStringInterpol', { push: 'curly' }),
      rule(r`\$[a-zA-Z_]\w*`, 'NameVariable'),
      rule(r`\$(?:\d+|[#$?!_*@-])`, 'NameVariable'),
      rule(r`\$`, 'Text'),
    ],
    basic: [
      rule(r`\b(if|fi|else|while|do|done|for|then|return|function|case|select|continue|until|esac|elif)(\s*)\b`, ['Keyword', 'Text']),
      rule(
        r`\b(alias|bg|bind|break|builtin|caller|cd|command|compgen|complete|declare|dirs|disown|echo|enable|eval|exec|exit|export|false|fc|fg|getopts|hash|help|history|jobs|kill|let|local|logout|popd|printf|pushd|pwd|read|readonly|set|shift|shopt|source|suspend|test|time|times|trap|true|type|typeset|ulimit|umask|unalias|unset|wait)(?=[\s)` + '`' + r`])`,
        'NameBuiltin',
      ),
      rule(r`(?<![\s\S])#!.+\n`, 'CommentPreproc'),
      rule(r`#.*(\S|$)`, 'CommentSingle'),
      rule(r`\\[\w\W]`, 'LiteralStringEscape'),
      rule(r`(\b\w+)(\s*)(\+?=)`, ['NameVariable', 'Text', 'Operator']),
      rule(r`[\[\]{}()=]`, 'Operator'),
      rule(r`<<<`, 'Operator'),
      rule(r`<<-?\s*(\'?)\\?(\w+)[\w\W]+?\2`, 'LiteralString'),
      rule(r`&&|\|\|`, 'Operator'),
    ],
    data: [
      rule(r`\$?"(\\\\|\\[0-7]+|\\[\s\S]|[^"\\$])*"`, 'LiteralStringDouble'),
      rule(`"`, 'LiteralStringDouble', { push: 'string' }),
      rule(r`\$'(\\\\|\\[0-7]+|\\[\s\S]|[^'\\])*'`, 'LiteralStringSingle'),
      rule(r`'[\s\S]*?'`, 'LiteralStringSingle'),
      rule(';', 'Punctuation'),
      rule('&', 'Punctuation'),
      rule(r`\|`, 'Punctuation'),
      rule(r`\s+`, 'Text'),
      rule(r`\d+(?= |$)`, 'LiteralNumber'),
      rule(r`[^=\s\[\]{}()$"'` + '`' + r`\\<&|;]+`, 'Text'),
      rule('<', 'Text'),
    ],
    string: [rule('"', 'LiteralStringDouble', { pop: 1 }), rule(r`(\\\\|\\[0-7]+|\\[\s\S]|[^"\\$])+`, 'LiteralStringDouble'), include('interp')],
    curly: [
      rule(r`\}`, 'LiteralStringInterpol', { pop: 1 }),
      rule(':-', 'Keyword'),
      rule(r`\w+`, 'NameVariable'),
      rule(r`[^}:"'` + '`' + r`$\\]+`, 'Punctuation'),
      rule(':', 'Punctuation'),
      include('root'),
    ],
    paren: [rule(r`\)`, 'Keyword', { pop: 1 }), include('root')],
    math: [
      rule(r`\)\)`, 'Keyword', { pop: 1 }),
      rule(r`[-+*/%^|&]|\*\*|\|\|`, 'Operator'),
      rule(r`\d+#\d+`, 'LiteralNumber'),
      rule(r`\d+#(?! )`, 'LiteralNumber'),
      rule(r`\d+`, 'LiteralNumber'),
      include('root'),
    ],
    backticks: [rule('`', 'LiteralStringBacktick', { pop: 1 }), include('root')],
  },
};

const YAML_LEXER: LexerDefinition = {
  name: 'YAML',
  aliases: ['yaml', 'yml'],
  states: {
    root: [
      include('whitespace'),
      rule('^---', 'NameNamespace'),
      rule(r`^\.\.\.`, 'NameNamespace'),
      rule(r`[\n?]?\s*- `, 'Text'),
      rule(r`#.*$`, 'Comment'),
      rule(r`!![^\s]+`, 'CommentPreproc'),
      rule(r`&[^\s]+`, 'CommentPreproc'),
      rule(r`\*[^\s]+`, 'CommentPreproc'),
      rule(r`^%include\s+[^\n\r]+`, 'CommentPreproc'),
      include('key'),
      include('value'),
      rule(r`[?:,\[\]]`, 'Punctuation'),
      rule('.', 'Text'),
    ],
    value: [
      // The groups overlap: the indentation (group 3, inside group 2) is written a second time after the block, as
      // Hugo's Chroma does (its HTML holds that text twice).
      rule(r`([>|](?:[+-])?)(\n(^ {1,})(?:(?:.*\n*(?:^\3 *).*)+|.*))`, ['Punctuation', 'LiteralStringDoc', 'TextWhitespace']),
      rule(r`(false|False|FALSE|true|True|TRUE|null|Off|off|yes|Yes|YES|OFF|On|ON|no|No|on|NO|n|N|Y|y)\b`, 'KeywordConstant'),
      rule(r`"(?:\\.|[^"])*"`, 'LiteralStringDouble'),
      rule(r`'(?:\\.|[^'])*'`, 'LiteralStringSingle'),
      rule(r`\d\d\d\d-\d\d-\d\d([T ]\d\d:\d\d:\d\d(\.\d+)?(Z|\s+[-+]\d+)?)?`, 'LiteralDate'),
      rule(r`\b[+\-]?(0x[\da-f]+|0o[0-7]+|(\d+\.?\d*|\.?\d+)(e[\+\-]?\d+)?|\.inf|\.nan)\b`, 'LiteralNumber'),
      rule(r`([^\{\}\[\]\?,\:\!\-\*&\@].*)( )+(#.*)`, ['Literal', 'TextWhitespace', 'Comment']),
      rule(r`[^\{\}\[\]\?,\:\!\-\*&\@].*`, 'Literal'),
    ],
    key: [
      rule(r`"[^"\n].*": `, 'NameTag'),
      rule(r`(-)( )([^"\n{]*)(:)( )`, ['Punctuation', 'TextWhitespace', 'NameTag', 'Punctuation', 'TextWhitespace']),
      rule(r`([^"\n{]*)(:)( )`, ['NameTag', 'Punctuation', 'TextWhitespace']),
      rule(r`([^"\n{]*)(:)(\n)`, ['NameTag', 'Punctuation', 'TextWhitespace']),
    ],
    whitespace: [rule(r`\s+`, 'TextWhitespace'), rule(r`\n+`, 'TextWhitespace')],
  },
};

const GO_TYPES = 'uint uint8 uint16 uint32 uint64 int int8 int16 int32 int64 float float32 float64 complex64 complex128 byte rune string bool error uintptr';
const GO_LEXER: LexerDefinition = {
  name: 'Go',
  aliases: ['go', 'golang'],
  states: {
    root: [
      rule(r`\n`, 'Text'),
      rule(r`\s+`, 'Text'),
      rule(r`\\\n`, 'Text'),
      // Hugo 0.111's Chroma ends a line comment with its newline.
      rule(r`\/\/(.*?)\n`, 'CommentSingle'),
      rule(r`\/(\\\n)?[*](.|\n)*?[*](\\\n)?\/`, 'CommentMultiline'),
      rule(r`(import|package)\b`, 'KeywordNamespace'),
      rule(r`(var|func|struct|map|chan|type|interface|const)\b`, 'KeywordDeclaration'),
      rule(words('break default select case defer go else goto switch fallthrough if range continue for return'), 'Keyword'),
      rule(r`(true|false|iota|nil)\b`, 'KeywordConstant'),
      rule(`(${GO_TYPES.split(' ').join('|')}|print|println|panic|recover|close|complex|real|imag|len|cap|append|copy|delete|new|make|clear|min|max)\\b(\\()`, ['NameBuiltin', 'Punctuation']),
      rule(words(GO_TYPES), 'KeywordType'),
      rule(r`\d+i`, 'LiteralNumber'),
      rule(r`\d+\.\d*([Ee][-+]\d+)?i`, 'LiteralNumber'),
      rule(r`\.\d+([Ee][-+]\d+)?i`, 'LiteralNumber'),
      rule(r`\d+[Ee][-+]\d+i`, 'LiteralNumber'),
      rule(r`\d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)`, 'LiteralNumberFloat'),
      rule(r`\.\d+([eE][+\-]?\d+)?`, 'LiteralNumberFloat'),
      rule(r`0[0-7]+`, 'LiteralNumberOct'),
      rule(r`0[xX][0-9a-fA-F_]+`, 'LiteralNumberHex'),
      rule(r`0b[01_]+`, 'LiteralNumberBin'),
      rule(r`(0|[1-9][0-9_]*)`, 'LiteralNumberInteger'),
      rule(r`'(\\['"\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])'`, 'LiteralStringChar'),
      rule('`[^`]*`', 'LiteralString'),
      rule(r`"(\\\\|\\"|[^"])*"`, 'LiteralString'),
      rule(r`(<<=|>>=|<<|>>|<=|>=|&\^=|&\^|\+=|-=|\*=|\/=|%=|&=|\|=|&&|\|\||<-|\+\+|--|==|!=|:=|\.\.\.|[+\-*/%&])`, 'Operator'),
      rule(r`([a-zA-Z_]\w*)(\s*)(\()`, ['NameFunction', 'Text', 'Punctuation']),
      rule(r`[|^<>=!()\[\]{}.,;:~]`, 'Punctuation'),
      rule(r`[^\W\d]\w*`, 'NameOther'),
    ],
  },
};

const JSON_STRING = r`"(\\\\|\\"|[^"])*"`;
const JSON_LEXER: LexerDefinition = {
  name: 'JSON',
  aliases: ['json'],
  notMultiline: true,
  dotAll: true,
  states: {
    root: [include('value')],
    whitespace: [rule(r`\s+`, 'Text')],
    comment: [rule(r`\/\/.*?\n`, 'CommentSingle')],
    simplevalue: [
      rule(r`(true|false|null)\b`, 'KeywordConstant'),
      rule(r`-?(0|[1-9]\d*)(\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+)`, 'LiteralNumberFloat'),
      rule(r`-?(0|[1-9]\d*)`, 'LiteralNumberInteger'),
      rule(JSON_STRING, 'LiteralStringDouble'),
    ],
    objectattribute: [include('value'), rule(':', 'Punctuation'), rule(',', 'Punctuation', { pop: 1 }), rule(r`\}`, 'Punctuation', { pop: 2 })],
    objectvalue: [include('whitespace'), include('comment'), rule(JSON_STRING, 'NameTag', { push: 'objectattribute' }), rule(r`\}`, 'Punctuation', { pop: 1 })],
    arrayvalue: [include('whitespace'), include('value'), include('comment'), rule(',', 'Punctuation'), rule(r`\]`, 'Punctuation', { pop: 1 })],
    value: [include('whitespace'), include('simplevalue'), include('comment'), rule(r`\{`, 'Punctuation', { push: 'objectvalue' }), rule(r`\[`, 'Punctuation', { push: 'arrayvalue' })],
  },
};

const JAVA_NAME = r`(?:[^\W\d]|\$)[\w$]*`;
const JAVA_TYPE_NAME = r`(?:[^\W\d]|\$)[\w.\[\]$<>]*`;
const JAVA_LEXER: LexerDefinition = {
  name: 'Java',
  aliases: ['java'],
  dotAll: true,
  states: {
    class: [rule(JAVA_NAME, 'NameClass', { pop: 1 })],
    import: [rule(r`[\w.]+\*?`, 'NameNamespace', { pop: 1 })],
    root: [
      rule(r`[^\S\n]+`, 'Text'),
      rule(r`\/\/.*?\n`, 'CommentSingle'),
      rule(r`\/\*.*?\*\/`, 'CommentMultiline'),
      rule(words('assert break case catch continue default do else finally for if goto instanceof new return switch this throw try while'), 'Keyword'),
      rule(`((?:${JAVA_TYPE_NAME}\\s+)+?)(${JAVA_NAME})(\\s*)(\\()`, [USING_SELF, 'NameFunction', 'Text', 'Operator']),
      rule(r`@[^\W\d][\w.]*`, 'NameDecorator'),
      rule(words('abstract const enum extends final implements native private protected public static strictfp super synchronized throws transient volatile'), 'KeywordDeclaration'),
      rule(words('boolean byte char double float int long short void'), 'KeywordType'),
      rule(r`(package)(\s+)`, ['KeywordNamespace', 'Text'], { push: 'import' }),
      rule(r`(true|false|null)\b`, 'KeywordConstant'),
      rule(r`(class|interface)(\s+)`, ['KeywordDeclaration', 'Text'], { push: 'class' }),
      rule(r`(import(?:\s+static)?)(\s+)`, ['KeywordNamespace', 'Text'], { push: 'import' }),
      rule(r`"(\\\\|\\"|[^"])*"`, 'LiteralString'),
      rule(r`'\\.'|'[^\\]'|'\\u[0-9a-fA-F]{4}'`, 'LiteralStringChar'),
      rule(`(\\.)(${JAVA_NAME})`, ['Operator', 'NameAttribute']),
      rule(`^\\s*${JAVA_NAME}:`, 'NameLabel'),
      rule(JAVA_NAME, 'Name'),
      rule(r`([0-9][0-9_]*\.([0-9][0-9_]*)?|\.[0-9][0-9_]*)([eE][+\-]?[0-9][0-9_]*)?[fFdD]?|[0-9][eE][+\-]?[0-9][0-9_]*[fFdD]?|[0-9]([eE][+\-]?[0-9][0-9_]*)?[fFdD]|0[xX]([0-9a-fA-F][0-9a-fA-F_]*\.?|([0-9a-fA-F][0-9a-fA-F_]*)?\.[0-9a-fA-F][0-9a-fA-F_]*)[pP][+\-]?[0-9][0-9_]*[fFdD]?`, 'LiteralNumberFloat'),
      rule(r`0[xX][0-9a-fA-F][0-9a-fA-F_]*[lL]?`, 'LiteralNumberHex'),
      rule(r`0[bB][01][01_]*[lL]?`, 'LiteralNumberBin'),
      rule(r`0[0-7_]+[lL]?`, 'LiteralNumberOct'),
      rule(r`0|[1-9][0-9_]*[lL]?`, 'LiteralNumberInteger'),
      rule(r`[~^*!%&\[\](){}<>|+=:;,.\/?\-]`, 'Operator'),
      rule(r`\n`, 'Text'),
    ],
  },
};

const CSHARP_NAME = r`@?[_a-zA-Z]\w*`;
/** C# as Hugo 0.111's Chroma lexes it (access modifiers are plain keywords there). */
const CSHARP_LEXER: LexerDefinition = {
  name: 'C#',
  aliases: ['csharp', 'c#', 'cs'],
  dotAll: true,
  states: {
    root: [
      rule(r`^\s*\[.*?\]`, 'NameAttribute'),
      rule(r`[^\S\n]+`, 'Text'),
      rule(r`\\\n`, 'Text'),
      rule(r`\/\/\/[^\n\r]+`, 'CommentSpecial'),
      rule(r`\/\/[^\n\r]+`, 'CommentSingle'),
      rule(r`\/[*].*?[*]\/`, 'CommentMultiline'),
      rule(r`\n`, 'Text'),
      rule(r`[~!%^&*()+=|\[\]:;,.<>\/?\-]`, 'Punctuation'),
      rule(r`[{}]`, 'Punctuation'),
      rule(r`@"(""|[^"])*"`, 'LiteralString'),
      rule(r`\$@?"(""|[^"])*"`, 'LiteralString'),
      rule(r`"(\\\\|\\"|[^"\n])*["\n]`, 'LiteralString'),
      rule(r`'\\.'|'[^\\]'`, 'LiteralStringChar'),
      rule(r`[0-9](\.[0-9]*)?([eE][+-][0-9]+)?[flFLdD]?|0[xX][0-9a-fA-F]+[Ll]?`, 'LiteralNumber'),
      rule(r`#[ \t]*(if|endif|else|elif|define|undef|line|error|warning|region|endregion|pragma)\b.*?\n`, 'CommentPreproc'),
      rule(r`\b(extern)(\s+)(alias)\b`, ['Keyword', 'Text', 'Keyword']),
      rule(words('abstract as async await base break by case catch checked const continue default delegate do else enum event explicit extern false finally fixed for foreach goto if implicit in internal is let lock new null on operator out override params private protected public readonly ref return sealed sizeof stackalloc static switch this throw true try typeof unchecked unsafe virtual void while get set new partial yield add remove value alias ascending descending from group into orderby select thenby where join equals'), 'Keyword'),
      rule(r`(global)(::)`, ['Keyword', 'Punctuation']),
      rule(r`(bool|byte|char|decimal|double|dynamic|float|int|long|object|sbyte|short|string|uint|ulong|ushort|var)\b\??`, 'KeywordType'),
      rule(r`(class|struct|interface)(\s+)`, ['Keyword', 'Text'], { push: 'class' }),
      rule(r`(namespace|using)(\s+)`, ['Keyword', 'Text'], { push: 'namespace' }),
      rule(CSHARP_NAME, 'Name'),
    ],
    class: [rule(CSHARP_NAME, 'NameClass', { pop: 1 }), { pattern: '', pop: 1 }],
    namespace: [rule(r`(?=\()`, 'Text', { pop: 1 }), rule(r`(@?[_a-zA-Z]\w*|\.)+`, 'NameNamespace', { pop: 1 })],
  },
};

const PY_NAME = r`[_\p{L}][_\p{L}\p{N}]*`;
const PY_INTERPOL = [
  rule(r`%(\(\w+\))?[-#0 +]*([0-9]+|[*])?(\.([0-9]+|[*]))?[hlL]?[E-GXc-giorsaux%]`, 'LiteralStringInterpol'),
  rule(r`\{((\w+)((\.\w+)|(\[[^\]]+\]))*)?(\![sra])?(\:(.?[<>=\^])?[-+ ]?#?0?(\d+)?,?(\.\d+)?[E-GXb-gnosx%]?)?\}`, 'LiteralStringInterpol'),
];
const pyStrings = (type: string): Rule[] => [...PY_INTERPOL, rule(r`[^\\'"%{\n]+`, type), rule(r`['"\\]`, type), rule(r`%|(\{{1,2})`, type)];
const pyFStrings = (type: string): Rule[] => [
  rule(r`\}`, 'LiteralStringInterpol'),
  rule(r`\{`, 'LiteralStringInterpol', { push: 'expr-inside-fstring' }),
  rule(r`[^\\'"{}\n]+`, type),
  rule(r`['"\\]`, type),
];
/** Quote, token type, state-name stem: triple quotes before single ones, as Chroma tries them. */
const PY_QUOTES: Array<[string, string, string]> = [
  ['"{3}', 'LiteralStringDouble', 'tdq'],
  ["'{3}", 'LiteralStringSingle', 'tsq'],
  ['"', 'LiteralStringDouble', 'dq'],
  ["'", 'LiteralStringSingle', 'sq'],
];
const PYTHON_LEXER: LexerDefinition = {
  name: 'Python',
  aliases: ['python', 'py', 'sage', 'python3', 'py3', 'starlark'],
  states: {
    numbers: [
      // Hugo 0.111's Chroma has no imaginary suffix on floats (`3.14j` is a float and a name).
      rule(r`(\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|(?:\d(?:_?\d)*)?\.\d(?:_?\d)*)([eE][+-]?\d(?:_?\d)*)?`, 'LiteralNumberFloat'),
      rule(r`\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*j?`, 'LiteralNumberFloat'),
      rule(r`0[oO](?:_?[0-7])+`, 'LiteralNumberOct'),
      rule(r`0[bB](?:_?[01])+`, 'LiteralNumberBin'),
      rule(r`0[xX](?:_?[a-fA-F0-9])+`, 'LiteralNumberHex'),
      rule(r`\d(?:_?\d)*`, 'LiteralNumberInteger'),
    ],
    expr: [
      ...PY_QUOTES.map(([q, type, s]) => rule(`([rR][fF]|[fF][rR])(${q})`, ['LiteralStringAffix', type], { push: `rfstringescape+${s}f` })),
      ...PY_QUOTES.map(([q, type, s]) => rule(`([fF])(${q})`, ['LiteralStringAffix', type], { push: `fstringescape+${s}f` })),
      ...PY_QUOTES.map(([q, type, s]) => rule(`([rR][bB]|[bB][rR]|[rR])(${q})`, ['LiteralStringAffix', type], { push: `${s}s` })),
      ...PY_QUOTES.map(([q, type, s]) => rule(`([uUbB]?)(${q})`, ['LiteralStringAffix', type], { push: `stringescape+${s}s` })),
      rule(r`[^\S\n]+`, 'Text'),
      include('numbers'),
      rule(r`!=|==|<<|>>|:=|[-~+/*%=<>&^|.]`, 'Operator'),
      rule(r`[\]{}:(),;\[]`, 'Punctuation'),
      rule(r`(in|is|and|or|not)\b`, 'OperatorWord'),
      include('expr-keywords'),
      include('builtins'),
      include('magicfuncs'),
      include('magicvars'),
      include('name'),
    ],
    'expr-keywords': [rule(r`(yield from|async for|lambda|yield|await|else|for|if)\b`, 'Keyword'), rule(r`(False|True|None)\b`, 'KeywordConstant')],
    keywords: [
      rule(r`(yield from|nonlocal|continue|finally|except|lambda|assert|global|return|raise|yield|while|break|await|async|pass|else|elif|with|try|for|del|as|if|match|case)\b`, 'Keyword'),
      rule(r`(False|True|None)\b`, 'KeywordConstant'),
    ],
    builtins: [
      rule(r`(?<!\.)(staticmethod|classmethod|memoryview|__import__|issubclass|isinstance|frozenset|bytearray|enumerate|reversed|property|compile|complex|delattr|hasattr|setattr|globals|getattr|divmod|filter|locals|format|object|sorted|slice|print|bytes|range|input|tuple|round|super|float|eval|list|dict|repr|type|vars|hash|next|bool|open|iter|oct|pow|min|zip|max|map|bin|len|set|any|dir|all|abs|str|sum|chr|int|hex|ord|id)\b`, 'NameBuiltin'),
      rule(r`(?<!\.)(self|Ellipsis|NotImplemented|cls)\b`, 'NameBuiltinPseudo'),
      rule(r`(?<!\.)(PendingDeprecationWarning|ConnectionAbortedError|ConnectionRefusedError|UnicodeTranslateError|ConnectionResetError|ModuleNotFoundError|NotImplementedError|FloatingPointError|StopAsyncIteration|UnicodeDecodeError|DeprecationWarning|UnicodeEncodeError|NotADirectoryError|ProcessLookupError|ZeroDivisionError|IsADirectoryError|FileNotFoundError|UnboundLocalError|KeyboardInterrupt|ChildProcessError|EnvironmentError|IndentationError|InterruptedError|BlockingIOError|ArithmeticError|ConnectionError|BrokenPipeError|FileExistsError|ResourceWarning|PermissionError|RuntimeWarning|ReferenceError|AttributeError|AssertionError|UnicodeWarning|RecursionError|StopIteration|BaseException|OverflowError|SyntaxWarning|FutureWarning|GeneratorExit|ImportWarning|UnicodeError|TimeoutError|WindowsError|RuntimeError|BytesWarning|SystemError|UserWarning|MemoryError|ImportError|LookupError|BufferError|SyntaxError|SystemExit|ValueError|IndexError|NameError|Exception|TypeError|TabError|EOFError|KeyError|VMSError|Warning|OSError|IOError)\b`, 'NameException'),
    ],
    magicfuncs: [
      rule(r`(__instancecheck__|__subclasscheck__|__getattribute__|__length_hint__|__rfloordiv__|__ifloordiv__|__itruediv__|__contains__|__floordiv__|__rtruediv__|__reversed__|__setitem__|__complex__|__rdivmod__|__delattr__|__rmatmul__|__ilshift__|__prepare__|__delitem__|__rrshift__|__imatmul__|__rlshift__|__setattr__|__truediv__|__getitem__|__missing__|__getattr__|__irshift__|__rshift__|__format__|__invert__|__matmul__|__divmod__|__delete__|__aenter__|__lshift__|__await__|__bytes__|__anext__|__aiter__|__aexit__|__round__|__float__|__enter__|__index__|__iadd__|__ipow__|__rpow__|__iter__|__init__|__ixor__|__rmul__|__rmod__|__imul__|__imod__|__iand__|__hash__|__rsub__|__exit__|__rxor__|__bool__|__call__|__rand__|__next__|__radd__|__isub__|__repr__|__set__|__add__|__new__|__neg__|__xor__|__and__|__mul__|__mod__|__sub__|__len__|__str__|__ror__|__ior__|__pos__|__del__|__get__|__dir__|__abs__|__int__|__pow__|__eq__|__gt__|__le__|__lt__|__ne__|__or__|__ge__)\b`, 'NameFunctionMagic'),
    ],
    magicvars: [
      rule(r`(__annotations__|__kwdefaults__|__qualname__|__objclass__|__defaults__|__closure__|__globals__|__weakref__|__module__|__class__|__bases__|__slots__|__file__|__code__|__name__|__func__|__dict__|__self__|__mro__|__doc__)\b`, 'NameVariableMagic'),
    ],
    name: [rule(`@${PY_NAME}(\\s*\\.\\s*${PY_NAME})*`, 'NameDecorator'), rule('@', 'Operator'), rule(PY_NAME, 'Name')],
    funcname: [include('magicfuncs'), rule(PY_NAME, 'NameFunction', { pop: 1 }), { pattern: '', pop: 1 }],
    classname: [rule(PY_NAME, 'NameClass', { pop: 1 })],
    import: [
      rule(r`(\s+)(as)(\s+)`, ['Text', 'Keyword', 'Text']),
      rule(r`\.`, 'NameNamespace'),
      rule(PY_NAME, 'NameNamespace'),
      rule(r`(\s*)(,)(\s*)`, ['Text', 'Operator', 'Text']),
      { pattern: '', pop: 1 },
    ],
    fromimport: [
      rule(r`(\s+)(import)\b`, ['Text', 'KeywordNamespace'], { pop: 1 }),
      rule(r`\.`, 'NameNamespace'),
      rule(r`None\b`, 'NameBuiltinPseudo', { pop: 1 }),
      rule(PY_NAME, 'NameNamespace'),
      { pattern: '', pop: 1 },
    ],
    root: [
      rule(r`\n`, 'Text'),
      // Chroma writes `{,2}`, which its regex engine reads as literal text: these match almost nothing, as in Chroma.
      rule(r`^(\s*)([rRuUbB]\{,2\})("{3}(?:.|\n)*?"{3})`, ['Text', 'LiteralStringAffix', 'LiteralStringDoc']),
      rule(r`^(\s*)([rRuUbB]\{,2\})('{3}(?:.|\n)*?'{3})`, ['Text', 'LiteralStringAffix', 'LiteralStringDoc']),
      rule(r`(?<![\s\S])#!.+$`, 'CommentHashbang'),
      rule(r`#.*$`, 'CommentSingle'),
      rule(r`\\\n`, 'Text'),
      rule(r`\\`, 'Text'),
      include('keywords'),
      rule(r`(def)((?:\s|\\\s)+)`, ['Keyword', 'Text'], { push: 'funcname' }),
      rule(r`(class)((?:\s|\\\s)+)`, ['Keyword', 'Text'], { push: 'classname' }),
      rule(r`(from)((?:\s|\\\s)+)`, ['KeywordNamespace', 'Text'], { push: 'fromimport' }),
      rule(r`(import)((?:\s|\\\s)+)`, ['KeywordNamespace', 'Text'], { push: 'import' }),
      include('expr'),
    ],
    'strings-double': pyStrings('LiteralStringDouble'),
    'strings-single': pyStrings('LiteralStringSingle'),
    'fstrings-double': pyFStrings('LiteralStringDouble'),
    'fstrings-single': pyFStrings('LiteralStringSingle'),
    dqs: [rule('"', 'LiteralStringDouble', { pop: 1 }), rule(r`\\\\|\\"|\\\n`, 'LiteralStringEscape'), include('strings-double')],
    sqs: [rule("'", 'LiteralStringSingle', { pop: 1 }), rule(r`\\\\|\\'|\\\n`, 'LiteralStringEscape'), include('strings-single')],
    tdqs: [rule('"{3}', 'LiteralStringDouble', { pop: 1 }), include('strings-double'), rule(r`\n`, 'LiteralStringDouble')],
    tsqs: [rule("'{3}", 'LiteralStringSingle', { pop: 1 }), include('strings-single'), rule(r`\n`, 'LiteralStringSingle')],
    dqf: [rule('"', 'LiteralStringDouble', { pop: 1 }), rule(r`\\\\|\\"|\\\n`, 'LiteralStringEscape'), include('fstrings-double')],
    sqf: [rule("'", 'LiteralStringSingle', { pop: 1 }), rule(r`\\\\|\\'|\\\n`, 'LiteralStringEscape'), include('fstrings-single')],
    tdqf: [rule('"{3}', 'LiteralStringDouble', { pop: 1 }), include('fstrings-double'), rule(r`\n`, 'LiteralStringDouble')],
    tsqf: [rule("'{3}", 'LiteralStringSingle', { pop: 1 }), include('fstrings-single'), rule(r`\n`, 'LiteralStringSingle')],
    'expr-inside-fstring': [
      rule(r`[{([]`, 'Punctuation', { push: 'expr-inside-fstring-inner' }),
      rule(r`(=\s*)?(\![sraf])?\}`, 'LiteralStringInterpol', { pop: 1 }),
      rule(r`(=\s*)?(\![sraf])?:`, 'LiteralStringInterpol', { pop: 1 }),
      rule(r`\s+`, 'Text'),
      include('expr'),
    ],
    'expr-inside-fstring-inner': [
      rule(r`[{([]`, 'Punctuation', { push: 'expr-inside-fstring-inner' }),
      rule(r`[\])}]`, 'Punctuation', { pop: 1 }),
      rule(r`\s+`, 'Text'),
      include('expr'),
    ],
    rfstringescape: [rule(r`\{\{`, 'LiteralStringEscape'), rule(r`\}\}`, 'LiteralStringEscape')],
    fstringescape: [include('rfstringescape'), include('stringescape')],
    stringescape: [rule(r`\\([\\abfnrtv"']|\n|N\{.*?\}|u[a-fA-F0-9]{4}|U[a-fA-F0-9]{8}|x[a-fA-F0-9]{2}|[0-7]{1,3})`, 'LiteralStringEscape')],
  },
};

const JAVASCRIPT_LEXER: LexerDefinition = {
  name: 'JavaScript',
  aliases: ['js', 'javascript', 'mjs', 'cjs'],
  dotAll: true,
  states: {
    interp: [
      rule('`', 'LiteralStringBacktick', { pop: 1 }),
      rule(r`\\\\`, 'LiteralStringBacktick'),
      rule(r`\\` + '`', 'LiteralStringBacktick'),
      rule(r`\\[^` + '`' + r`\\]`, 'LiteralStringBacktick'),
      rule(r`\$\{`, 'LiteralStringInterpol', { push: 'interp-inside' }),
      rule(r`\$`, 'LiteralStringBacktick'),
      rule(r`[^` + '`' + r`\\$]+`, 'LiteralStringBacktick'),
    ],
    'interp-inside': [rule(r`\}`, 'LiteralStringInterpol', { pop: 1 }), include('root')],
    commentsandwhitespace: [rule(r`\s+`, 'Text'), rule('<!--', 'Comment'), rule(r`\/\/.*?\n`, 'CommentSingle'), rule(r`\/\*.*?\*\/`, 'CommentMultiline')],
    slashstartsregex: [
      include('commentsandwhitespace'),
      rule(r`\/(\\.|[^\[\/\\\n]|\[(\\.|[^\]\\\n])*\])+\/([gimuy]+\b|\B)`, 'LiteralStringRegex', { pop: 1 }),
      rule(r`(?=\/)`, 'Text', { push: ['#pop', 'badregex'] }),
      { pattern: '', pop: 1 },
    ],
    badregex: [rule(r`\n`, 'Text', { pop: 1 })],
    root: [
      rule(r`(?<![\s\S])#! ?\/.*?\n`, 'CommentHashbang'),
      rule(r`^(?=\s|\/|<!--)`, 'Text', { push: 'slashstartsregex' }),
      include('commentsandwhitespace'),
      rule(r`\d+(\.\d*|[eE][+\-]?\d+)`, 'LiteralNumberFloat'),
      rule(r`0[bB][01]+`, 'LiteralNumberBin'),
      rule(r`0[oO][0-7]+`, 'LiteralNumberOct'),
      rule(r`0[xX][0-9a-fA-F]+`, 'LiteralNumberHex'),
      rule(r`[0-9][0-9_]*`, 'LiteralNumberInteger'),
      rule(r`\.\.\.|=>`, 'Punctuation'),
      rule(r`\+\+|--|~|&&|\?|:|\|\||\\(?=\n)|(<<|>>>?|==?|!=?|[-<>+*%&|^\/])=?`, 'Operator', { push: 'slashstartsregex' }),
      rule(r`[{(\[;,]`, 'Punctuation', { push: 'slashstartsregex' }),
      rule(r`[})\].]`, 'Punctuation'),
      rule(r`(for|in|while|do|break|return|continue|switch|case|default|if|else|throw|try|catch|finally|new|delete|typeof|instanceof|void|yield|this|of)\b`, 'Keyword', { push: 'slashstartsregex' }),
      rule(r`(var|let|with|function)\b`, 'KeywordDeclaration', { push: 'slashstartsregex' }),
      rule(r`(abstract|async|await|boolean|byte|char|class|const|debugger|double|enum|export|extends|final|float|goto|implements|import|int|interface|long|native|package|private|protected|public|short|static|super|synchronized|throws|transient|using|volatile)\b`, 'KeywordReserved'),
      rule(r`(true|false|null|NaN|Infinity|undefined)\b`, 'KeywordConstant'),
      rule(r`(Array|Boolean|Date|Error|Function|Math|netscape|Number|Object|Packages|RegExp|String|Promise|Proxy|sun|decodeURI|decodeURIComponent|encodeURI|encodeURIComponent|Error|eval|isFinite|isNaN|isSafeInteger|parseFloat|parseInt|document|this|window)\b`, 'NameBuiltin'),
      rule(r`(?:[$_\p{L}\p{N}]|\\u[a-fA-F0-9]{4})(?:(?:[$\p{L}\p{N}]|\\u[a-fA-F0-9]{4}))*`, 'NameOther'),
      rule(r`"(\\\\|\\"|[^"])*"`, 'LiteralStringDouble'),
      rule(r`'(\\\\|\\'|[^'])*'`, 'LiteralStringSingle'),
      rule('`', 'LiteralStringBacktick', { push: 'interp' }),
      rule(r`#[a-zA-Z_]\w*`, 'Name'),
    ],
  },
};

const TOML_LEXER: LexerDefinition = {
  name: 'TOML',
  aliases: ['toml'],
  states: {
    root: [
      rule(r`\s+`, 'Text'),
      rule(r`#.*`, 'Comment'),
      rule(words('true false'), 'KeywordConstant'),
      rule(r`\d\d\d\d-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d\+)?(Z|[+-]\d{2}:\d{2})`, 'LiteralDate'),
      rule(r`[+-]?[0-9](_?\d)*\.\d+`, 'LiteralNumberFloat'),
      rule(r`[+-]?[0-9](_?\d)*`, 'LiteralNumberInteger'),
      rule(r`"(\\\\|\\"|[^"])*"`, 'LiteralStringDouble'),
      rule(r`'(\\\\|\\'|[^'])*'`, 'LiteralStringSingle'),
      rule(r`[.,=\[\]{}]`, 'Punctuation'),
      rule(r`[A-Za-z0-9_-]+`, 'NameOther'),
    ],
  },
};

const HTML_LEXER: LexerDefinition = {
  name: 'HTML',
  aliases: ['html', 'htm', 'xhtml'],
  notMultiline: true,
  dotAll: true,
  caseInsensitive: true,
  states: {
    root: [
      rule(r`[^<&]+`, 'Text'),
      rule(r`&\S*?;`, 'NameEntity'),
      rule(r`<!\[CDATA\[.*?\]\]>`, 'CommentPreproc'),
      rule('<!--', 'Comment', { push: 'comment' }),
      rule(r`<\?.*?\?>`, 'CommentPreproc'),
      rule(r`<![^>]*>`, 'CommentPreproc'),
      rule(r`(<)(\s*)(script)(\s*)`, ['Punctuation', 'Text', 'NameTag', 'Text'], { push: ['script-content', 'tag'] }),
      rule(r`(<)(\s*)(style)(\s*)`, ['Punctuation', 'Text', 'NameTag', 'Text'], { push: ['style-content', 'tag'] }),
      rule(r`(<)(\s*)([\w:.-]+)`, ['Punctuation', 'Text', 'NameTag'], { push: 'tag' }),
      rule(r`(<)(\s*)(\/)(\s*)([\w:.-]+)(\s*)(>)`, ['Punctuation', 'Text', 'Punctuation', 'Text', 'NameTag', 'Text', 'Punctuation']),
    ],
    comment: [rule(r`[^-]+`, 'Comment'), rule('-->', 'Comment', { pop: 1 }), rule('-', 'Comment')],
    tag: [
      rule(r`\s+`, 'Text'),
      rule(r`([\w:-]+\s*)(=)(\s*)`, ['NameAttribute', 'Operator', 'Text'], { push: 'attr' }),
      rule(r`[\w:-]+`, 'NameAttribute'),
      rule(r`(\/?)(\s*)(>)`, ['Punctuation', 'Text', 'Punctuation'], { pop: 1 }),
    ],
    'script-content': [
      rule(r`(<)(\s*)(\/)(\s*)(script)(\s*)(>)`, ['Punctuation', 'Text', 'Punctuation', 'Text', 'NameTag', 'Text', 'Punctuation'], { pop: 1 }),
      rule(r`.+?(?=<\s*\/\s*script\s*>)`, using('javascript')),
    ],
    // Chroma lexes style content as CSS; there is no CSS lexer here, so it stays plain text.
    'style-content': [
      rule(r`(<)(\s*)(\/)(\s*)(style)(\s*)(>)`, ['Punctuation', 'Text', 'Punctuation', 'Text', 'NameTag', 'Text', 'Punctuation'], { pop: 1 }),
      rule(r`.+?(?=<\s*\/\s*style\s*>)`, 'Text'),
    ],
    attr: [rule(r`".*?"`, 'LiteralString', { pop: 1 }), rule(r`'.*?'`, 'LiteralString', { pop: 1 }), rule(r`[^\s>]+`, 'LiteralString', { pop: 1 })],
  },
};

const GO_TEMPLATE_LEXER: LexerDefinition = {
  name: 'Go Template',
  aliases: ['go-template', 'go-text-template'],
  states: {
    template: [
      rule(r`[-]?\}\}`, 'CommentPreproc', { pop: 1 }),
      rule(r`(?=\}\})`, 'CommentPreproc', { pop: 1 }),
      rule(r`\(`, 'Operator', { push: 'subexpression' }),
      rule(r`"(\\\\|\\"|[^"])*"`, 'LiteralString'),
      include('expression'),
    ],
    subexpression: [rule(r`\)`, 'Operator', { pop: 1 }), include('expression')],
    expression: [
      rule(r`\s+`, 'TextWhitespace'),
      rule(r`\(`, 'Operator', { push: 'subexpression' }),
      // Hugo 0.111's list (no define, block, break, continue or slice).
      rule(r`(range|if|else|while|with|template|end|true|false|nil|and|call|html|index|js|len|not|or|print|printf|println|urlquery|eq|ne|lt|le|gt|ge)\b`, 'Keyword'),
      rule(r`\||:?=|,`, 'Operator'),
      rule(r`[$]?[^\W\d]\w*`, 'NameOther'),
      rule(r`\$|[$]?\.(?:[^\W\d]\w*)?`, 'NameAttribute'),
      rule(r`"(\\\\|\\"|[^"])*"`, 'LiteralString'),
      rule(r`-?\d+i`, 'LiteralNumber'),
      rule(r`-?\d+\.\d*([Ee][-+]\d+)?i`, 'LiteralNumber'),
      rule(r`\.\d+([Ee][-+]\d+)?i`, 'LiteralNumber'),
      rule(r`-?\d+[Ee][-+]\d+i`, 'LiteralNumber'),
      rule(r`-?\d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)`, 'LiteralNumberFloat'),
      rule(r`-?\.\d+([eE][+\-]?\d+)?`, 'LiteralNumberFloat'),
      rule(r`-?0[0-7]+`, 'LiteralNumberOct'),
      rule(r`-?0[xX][0-9a-fA-F]+`, 'LiteralNumberHex'),
      rule(r`-?0b[01_]+`, 'LiteralNumberBin'),
      rule(r`-?(0|[1-9][0-9]*)`, 'LiteralNumberInteger'),
      rule(r`'(\\['"\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])'`, 'LiteralStringChar'),
      rule('`[^`]*`', 'LiteralString'),
    ],
    root: [
      rule(r`\{\{(- )?\/\*(.|\n)*?\*\/( -)?\}\}`, 'CommentMultiline'),
      rule(r`\{\{[-]?`, 'CommentPreproc', { push: 'template' }),
      rule(r`[^{]+`, 'Other'),
      rule(r`\{`, 'Other'),
    ],
  },
};

const PHP_NAME = r`(?:[\\_a-z]|[^\x00-\x7f])(?:[\\\w]|[^\x00-\x7f])*`;
/** PHP as Hugo 0.111 lexes a ```php block: as code throughout, `<?php` included (an operator and a name). */
const PHP_LEXER: LexerDefinition = {
  name: 'PHP',
  aliases: ['php', 'php3', 'php4', 'php5'],
  dotAll: true,
  caseInsensitive: true,
  states: {
    root: [
      rule(`(<<<)(['"]?)(${PHP_NAME})(\\2\\n.*?\\n\\s*)(\\3)(;?)(\\n)`, ['LiteralString', 'LiteralString', 'LiteralStringDelimiter', 'LiteralString', 'LiteralStringDelimiter', 'Punctuation', 'Text']),
      rule(r`\s+`, 'Text'),
      rule(r`#.*?\n`, 'CommentSingle'),
      rule(r`\/\/.*?\n`, 'CommentSingle'),
      rule(r`\/\*\*\/`, 'CommentMultiline'),
      rule(r`\/\*\*.*?\*\/`, 'LiteralStringDoc'),
      rule(r`\/\*.*?\*\/`, 'CommentMultiline'),
      rule(`(->|::)(\\s*)(${PHP_NAME})`, ['Operator', 'Text', 'NameAttribute']),
      rule(r`[~!%^&*+=|:.<>\/@-]+`, 'Operator'),
      rule(r`\?`, 'Operator'),
      rule(r`[\[\]{}();,]+`, 'Punctuation'),
      rule(r`(class)(\s+)`, ['Keyword', 'Text'], { push: 'classname' }),
      rule(r`(function)(\s*)(?=\()`, ['Keyword', 'Text']),
      rule(r`(function)(\s+)(&?)(\s*)`, ['Keyword', 'Text', 'Operator', 'Text'], { push: 'functionname' }),
      rule(`(const)(\\s+)(${PHP_NAME})`, ['Keyword', 'Text', 'NameConstant']),
      rule(r`(and|E_PARSE|old_function|E_ERROR|or|as|E_WARNING|parent|eval|PHP_OS|break|exit|case|extends|PHP_VERSION|cfunction|FALSE|print|for|require|continue|foreach|require_once|declare|return|default|static|do|switch|die|stdClass|echo|else|TRUE|elseif|var|empty|if|xor|enddeclare|include|virtual|endfor|include_once|while|endforeach|global|endif|list|endswitch|new|endwhile|not|array|E_ALL|NULL|final|php_user_filter|interface|implements|public|private|protected|abstract|clone|try|catch|throw|this|use|namespace|trait|yield|finally)\b`, 'Keyword'),
      rule(r`(true|false|null)\b`, 'KeywordConstant'),
      include('magicconstants'),
      rule(`\\$\\{\\$+${PHP_NAME}\\}`, 'NameVariable'),
      rule(`\\$+${PHP_NAME}`, 'NameVariable'),
      rule(PHP_NAME, 'NameOther'),
      rule(r`(\d+\.\d*|\d*\.\d+)(e[+-]?[0-9]+)?`, 'LiteralNumberFloat'),
      rule(r`\d+e[+-]?[0-9]+`, 'LiteralNumberFloat'),
      rule(r`0[0-7]+`, 'LiteralNumberOct'),
      rule(r`0x[a-f0-9]+`, 'LiteralNumberHex'),
      rule(r`\d+`, 'LiteralNumberInteger'),
      rule(r`0b[01]+`, 'LiteralNumberBin'),
      rule(r`'([^'\\]*(?:\\.[^'\\]*)*)'`, 'LiteralStringSingle'),
      rule('`([^`\\\\]*(?:\\\\.[^`\\\\]*)*)`', 'LiteralStringBacktick'),
      rule('"', 'LiteralStringDouble', { push: 'string' }),
    ],
    magicfuncs: [rule(words('__construct __destruct __call __callStatic __get __set __isset __unset __sleep __wakeup __toString __invoke __set_state __clone __debugInfo'), 'NameFunctionMagic')],
    magicconstants: [rule(words('__LINE__ __FILE__ __DIR__ __FUNCTION__ __CLASS__ __TRAIT__ __METHOD__ __NAMESPACE__'), 'NameConstant')],
    classname: [rule(PHP_NAME, 'NameClass', { pop: 1 })],
    functionname: [include('magicfuncs'), rule(PHP_NAME, 'NameFunction', { pop: 1 }), { pattern: '', pop: 1 }],
    string: [
      rule('"', 'LiteralStringDouble', { pop: 1 }),
      rule(r`[^{$"\\]+`, 'LiteralStringDouble'),
      rule(r`\\([nrt"$\\]|[0-7]{1,3}|x[0-9a-f]{1,2})`, 'LiteralStringEscape'),
      rule(`\\$${PHP_NAME}(\\[\\S+?\\]|->${PHP_NAME})?`, 'LiteralStringInterpol'),
      rule(r`(\{\$\{)(.*?)(\}\})`, ['LiteralStringInterpol', USING_SELF, 'LiteralStringInterpol']),
      rule(r`(\{)(\$.*?)(\})`, ['LiteralStringInterpol', USING_SELF, 'LiteralStringInterpol']),
      rule(r`(\$\{)(\S+)(\})`, ['LiteralStringInterpol', 'NameVariable', 'LiteralStringInterpol']),
      rule('[$' + '{\\\\]', 'LiteralStringDouble'),
    ],
  },
};

const DEFINITIONS: LexerDefinition[] = [PHP_LEXER, TOML_LEXER, HTML_LEXER, GO_TEMPLATE_LEXER, JAVASCRIPT_LEXER, PYTHON_LEXER, R_LEXER, BASH_LEXER, YAML_LEXER, GO_LEXER, JSON_LEXER, JAVA_LEXER, CSHARP_LEXER];

const byAlias = new Map<string, LexerDefinition>();
for (const d of DEFINITIONS) for (const a of d.aliases) byAlias.set(a, d);
const compiled = new Map<LexerDefinition, ChromaLexer>();

function lexerOf(def: LexerDefinition): ChromaLexer {
  let lexer = compiled.get(def);
  if (!lexer) compiled.set(def, (lexer = new ChromaLexer(def)));
  return lexer;
}
ChromaLexer.lookup = (name) => {
  const def = byAlias.get(name);
  return def ? lexerOf(def) : undefined;
};

/** Template languages Chroma lexes as HTML with the template's own tokens put in (DelegatingLexer). */
const DELEGATING: Record<string, [LexerDefinition, LexerDefinition]> = { 'go-html-template': [HTML_LEXER, GO_TEMPLATE_LEXER] };
const delegating = new Map<string, DelegatingLexer>();

/** The Chroma-rule lexer for a fence language (case-insensitive), compiled on first use; undefined when there is none. */
export function chromaLexerFor(lang: string): { tokenise(text: string): Token[] } | undefined {
  const name = lang.toLowerCase();
  const pair = DELEGATING[name];
  if (pair) {
    let lexer = delegating.get(name);
    if (!lexer) delegating.set(name, (lexer = new DelegatingLexer(lexerOf(pair[0]), lexerOf(pair[1]))));
    return lexer;
  }
  const def = byAlias.get(name);
  return def ? lexerOf(def) : undefined;
}
