import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFrontMatter, type FrontMatter } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';

/** The exact-range front matter of an open document, parsed once per version. */
export function parsedFrontMatter(ctx: Pick<FeatureContext, 'cache'>, doc: TextDocument): FrontMatter {
  return ctx.cache.get(doc, 'frontMatter', () => parseFrontMatter(doc.getText()));
}

/** Gives the document the exact-range parse already made of its very text (`check`: the index's reading), so it is not parsed again. */
export function reuseFrontMatter(ctx: Pick<FeatureContext, 'cache'>, doc: TextDocument, parsed: FrontMatter): void {
  ctx.cache.get(doc, 'frontMatter', () => parsed);
}
