/**
 * Math with KaTeX, for the delimiters the site uses. The rules run inside markdown-it's inline and
 * block parsers, after code spans and fences have been recognised, so a `$` inside code is never touched.
 */
import katex from 'katex';
import MarkdownIt = require('markdown-it');
import { escapeHtml } from './html';

export interface MathDelimiters {
  inline: [string, string][];
  block: [string, string][];
}

/** KaTeX auto-render's usual set, plus `$…$`, which most Hugo math setups turn on. */
export const DEFAULT_MATH_DELIMITERS: MathDelimiters = {
  inline: [['\\(', '\\)'], ['$', '$']],
  block: [['$$', '$$'], ['\\[', '\\]']],
};

export function renderMath(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
  } catch {
    return `<code class="math-error">${escapeHtml(tex)}</code>`;
  }
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

export function mathPlugin(md: InstanceType<typeof MarkdownIt>, delimiters: MathDelimiters): void {
  const inlinePairs = [
    ...delimiters.block.map(([o, c]) => ({ open: o, close: c, display: true })),
    ...delimiters.inline.map(([o, c]) => ({ open: o, close: c, display: false })),
  ].sort((a, b) => b.open.length - a.open.length);

  md.inline.ruler.before('escape', 'math_inline', (state: MarkdownIt.StateInline, silent: boolean) => {
    const src = state.src;
    for (const pair of inlinePairs) {
      if (!src.startsWith(pair.open, state.pos)) continue;
      const from = state.pos + pair.open.length;
      const dollar = pair.open === '$';
      if (dollar && isSpace(src[from])) continue; // "$ 5" is money, not math
      let end = src.indexOf(pair.close, from);
      while (end >= 0 && dollar && (src[end - 1] === '\\' || isSpace(src[end - 1]) || /\d/.test(src[end + 1] ?? ''))) {
        end = src.indexOf(pair.close, end + 1);
      }
      if (end < 0 || end === from) continue;
      if (!silent) {
        const token = state.push(pair.display ? 'math_inline_display' : 'math_inline', 'math', 0);
        token.content = src.slice(from, end);
        token.markup = pair.open;
      }
      state.pos = end + pair.close.length;
      return true;
    }
    return false;
  });

  md.block.ruler.before('fence', 'math_block', (state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean) => {
    const lineStart = state.bMarks[startLine] + state.tShift[startLine];
    if (state.sCount[startLine] - state.blkIndent >= 4) return false;
    const first = state.src.slice(lineStart, state.eMarks[startLine]);
    const pair = delimiters.block.find(([open]) => first.startsWith(open));
    if (!pair) return false;
    const [open, close] = pair;
    let content: string;
    let last = startLine;
    const rest = first.slice(open.length);
    const closeOnFirst = rest.trimEnd().endsWith(close) && rest.trimEnd().length >= close.length;
    if (closeOnFirst) {
      content = rest.trimEnd().slice(0, -close.length);
    } else {
      const lines = [rest];
      let found = false;
      for (let line = startLine + 1; line < endLine; line++) {
        const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
        if (state.sCount[line] < state.blkIndent && text !== '') return false;
        const trimmed = text.trimEnd();
        if (trimmed.endsWith(close)) {
          lines.push(trimmed.slice(0, -close.length));
          last = line;
          found = true;
          break;
        }
        lines.push(text);
      }
      if (!found) return false;
      content = lines.join('\n');
    }
    if (silent) return true;
    const token = state.push('math_block', 'math', 0);
    token.block = true;
    token.content = content.trim();
    token.map = [startLine, last + 1];
    token.markup = open;
    state.line = last + 1;
    return true;
  }, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });

  md.renderer.rules.math_inline = (tokens, idx) => renderMath(tokens[idx].content, false);
  md.renderer.rules.math_inline_display = (tokens, idx) => renderMath(tokens[idx].content, true);
  md.renderer.rules.math_block = (tokens, idx) => {
    const line = tokens[idx].attrGet('data-line');
    return `<div class="math-display"${line ? ` data-line="${line}"` : ''}>${renderMath(tokens[idx].content, true)}</div>\n`;
  };
}
