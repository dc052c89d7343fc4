/** Shortcode features (one file per request in this folder) on the shared context and parse cache. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../../service';
import type { FeatureProvider } from '../provider';
import { analyzeShortcodes, type ShortcodeAnalysis } from './analysis';
import { shortcodeCodeActions } from './codeActions';
import { shortcodeCompletions } from './completion';
import { shortcodeDefinition } from './definition';
import { shortcodeDiagnostics } from './diagnostics';
import { shortcodeFoldingRanges } from './folding';
import { shortcodeHover } from './hover';
import { shortcodeSymbols } from './symbols';

/** Shortcodes are Hugo's; a Jekyll blog's `{{` is Liquid and left alone. */
const applies = (ctx: FeatureContext) => ctx.site.generator !== 'jekyll';

function analysis(ctx: FeatureContext, doc: TextDocument): ShortcodeAnalysis {
  return ctx.cache.get(doc, 'shortcodes', () => analyzeShortcodes(doc, ctx.shortcodes));
}

export const shortcodesFeature: FeatureProvider = {
  name: 'shortcodes',
  diagnostics: (ctx, doc) => (applies(ctx) ? shortcodeDiagnostics(doc, ctx.shortcodes, analysis(ctx, doc)) : []),
  completion: (ctx, doc, position) => (applies(ctx) ? shortcodeCompletions(doc, ctx.shortcodes, position, analysis(ctx, doc)) : undefined),
  hover: (ctx, doc, position) => (applies(ctx) ? shortcodeHover(doc, ctx.shortcodes, position, analysis(ctx, doc)) : undefined),
  definition: (ctx, doc, position) => {
    const loc = applies(ctx) ? shortcodeDefinition(doc, ctx.shortcodes, position, analysis(ctx, doc), (path) => ctx.uris.toUri(path)) : undefined;
    return loc ? [loc] : undefined;
  },
  codeActions: (ctx, doc, _range, context) => (applies(ctx) ? shortcodeCodeActions(doc, ctx.shortcodes, context.diagnostics, analysis(ctx, doc)) : []),
  documentSymbols: (ctx, doc) => (applies(ctx) ? shortcodeSymbols(doc, ctx.shortcodes, analysis(ctx, doc)) : []),
  foldingRanges: (ctx, doc) => (applies(ctx) ? shortcodeFoldingRanges(doc, ctx.shortcodes, analysis(ctx, doc)) : []),
};
