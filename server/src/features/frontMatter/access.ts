import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFrontMatter, type FrontMatter } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';

/** The exact-range front matter of an open document, parsed once per version. */
export function parsedFrontMatter(ctx: Pick<FeatureContext, 'cache'>, doc: TextDocument): FrontMatter {
  return ctx.cache.get(doc, 'frontMatter', () => parseFrontMatter(doc.getText()));
}
