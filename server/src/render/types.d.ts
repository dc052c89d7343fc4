declare module 'markdown-it-deflist' {
  import type MarkdownIt from 'markdown-it';
  const deflist: MarkdownIt.PluginSimple;
  export default deflist;
}

declare module 'markdown-it-emoji/lib/data/full.mjs' {
  const names: Record<string, string>;
  export default names;
}
