/**
 * A small shortcode reader for the renderer: finds `{{< >}}` / `{{% %}}` tags, their parameters, and
 * pairs them into a tree. (The shared parser in parse/shortcodes.ts serves the editor features; the
 * renderer only needs the tree, and must accept whatever Hugo accepts without reporting problems.)
 */
export interface ShortcodeParams {
  positional: string[];
  named: Record<string, string>;
  /** True when the tag used name=value parameters (Hugo's .IsNamedParams). */
  isNamed: boolean;
}

export interface ShortcodeNode {
  name: string;
  params: ShortcodeParams;
  /** `{{% %}}`: the output (and the inner content) is Markdown. */
  markdown: boolean;
  /** Offsets of the whole construct, opening tag to closing tag, in the scanned text. */
  start: number;
  end: number;
  /** Inner text span (only for paired tags). */
  inner?: { start: number; end: number };
  children: ShortcodeNode[];
  /** An escaped tag (comment markers inside the braces) is printed literally, without the comment markers. */
  escapedText?: string;
}

interface Tag {
  kind: 'open' | 'close' | 'self' | 'escaped';
  name: string;
  params: ShortcodeParams;
  markdown: boolean;
  start: number;
  end: number;
  literal?: string;
}

const OPEN = /\{\{([<%])/g;

function readParams(src: string): ShortcodeParams {
  const out: ShortcodeParams = { positional: [], named: {}, isNamed: false };
  const re = /\s*(?:([\w.-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|'((?:[^'\\]|\\.)*)'|([^\s"`]+))/gy;
  for (let m = re.exec(src); m && m[0].trim() !== ''; m = re.exec(src)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3] ?? m[4] ?? m[5] ?? '';
    if (m[1] !== undefined) {
      out.named[m[1]] = value;
      out.isNamed = true;
    } else out.positional.push(value);
  }
  return out;
}

function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const start = m.index;
    const delim = m[1];
    const closer = delim === '<' ? '>}}' : '%}}';
    let pos = start + 3;
    while (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\n' || text[pos] === '\r') pos++;
    if (text.startsWith('/*', pos)) {
      const endComment = text.indexOf('*/', pos + 2);
      if (endComment < 0) continue;
      let after = endComment + 2;
      while (/\s/.test(text[after] ?? '')) after++;
      if (!text.startsWith(closer, after)) continue;
      const inner = text.slice(pos + 2, endComment);
      tags.push({ kind: 'escaped', name: '', params: readParams(''), markdown: delim === '%', start, end: after + 3, literal: `{{${delim}${inner}${closer}` });
      OPEN.lastIndex = after + 3;
      continue;
    }
    const end = findCloser(text, pos, closer);
    if (end < 0) continue;
    let body = text.slice(pos, end).trim();
    let kind: Tag['kind'] = 'open';
    if (body.startsWith('/')) {
      kind = 'close';
      body = body.slice(1).trim();
    } else if (body.endsWith('/')) {
      kind = 'self';
      body = body.slice(0, -1).trim();
    }
    const nameMatch = /^[^\s"`]+/.exec(body);
    if (!nameMatch) continue;
    tags.push({ kind, name: nameMatch[0], params: readParams(body.slice(nameMatch[0].length)), markdown: delim === '%', start, end: end + 3 });
    OPEN.lastIndex = end + 3;
  }
  return tags;
}

/** The closing `>}}` / `%}}` of a tag, skipping over quoted parameters that may contain it. */
function findCloser(text: string, from: number, closer: string): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === '`') quote = c;
    else if (text.startsWith(closer, i)) return i;
    else if (text.startsWith('{{<', i) || text.startsWith('{{%', i)) return -1;
  }
  return -1;
}

/** Shortcodes of `text` as a tree. `isPaired(name)` is asked when an opening tag has no closing tag in sight. */
export function parseShortcodeTree(text: string): ShortcodeNode[] {
  const tags = scanTags(text);
  const roots: ShortcodeNode[] = [];
  const stack: { node: ShortcodeNode; tagEnd: number }[] = [];
  const top = () => (stack.length ? stack[stack.length - 1].node.children : roots);
  // Names that are closed somewhere later: only those open a pair.
  const closeCount = new Map<string, number>();
  for (const t of tags) if (t.kind === 'close') closeCount.set(t.name, (closeCount.get(t.name) ?? 0) + 1);
  for (const tag of tags) {
    if (tag.kind === 'escaped') {
      top().push({ name: '', params: tag.params, markdown: tag.markdown, start: tag.start, end: tag.end, children: [], escapedText: tag.literal });
    } else if (tag.kind === 'close') {
      const at = findLastIndex(stack, (s) => s.node.name === tag.name);
      closeCount.set(tag.name, (closeCount.get(tag.name) ?? 1) - 1);
      if (at < 0) continue;
      // Anything still open inside the pair was self-closing after all.
      while (stack.length - 1 > at) stack.pop();
      const { node, tagEnd } = stack.pop()!;
      node.inner = { start: tagEnd, end: tag.start };
      node.end = tag.end;
    } else {
      const node: ShortcodeNode = { name: tag.name, params: tag.params, markdown: tag.markdown, start: tag.start, end: tag.end, children: [] };
      top().push(node);
      if (tag.kind === 'open' && (closeCount.get(tag.name) ?? 0) > 0) stack.push({ node, tagEnd: tag.end });
    }
  }
  // Unclosed opens are self-closing: lift the children they swallowed back to their parent's level.
  const lift = (nodes: ShortcodeNode[]): ShortcodeNode[] =>
    nodes.flatMap((n) => {
      n.children = lift(n.children);
      if (n.inner || n.escapedText !== undefined) return [n];
      const kids = n.children;
      n.children = [];
      return [n, ...kids];
    });
  return lift(roots);
}

function findLastIndex<T>(list: T[], pred: (t: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}
