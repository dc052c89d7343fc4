/** Front matter features on the shared context: completion, navigation, rename, diagnostics, fixes. */
import { registerFeature } from './languageFeatures';
import { frontMatterCompletion } from './frontMatterCompletion';
import { frontMatterCodeActions } from './frontMatterDiagnostics';
import { frontMatterHover, frontMatterReferences, postSymbols, relatedDefinition, relatedDocumentLinks } from './frontMatterNavigation';
import { prepareTermRename, relatedEditsForRenames, renameTerm } from './frontMatterRename';
import { rankRelatedCandidates } from './relatedPosts';
import { suggestionActions } from './suggestActions';

registerFeature({
  name: 'front matter',
  completion: frontMatterCompletion,
  hover: frontMatterHover,
  definition: relatedDefinition,
  references: frontMatterReferences,
  documentLinks: relatedDocumentLinks,
  codeActions: (ctx, doc, range, context) => [...frontMatterCodeActions(doc, context.diagnostics), ...suggestionActions(ctx, doc, range, context)],
  prepareRename: prepareTermRename,
  rename: renameTerm,
  workspaceSymbols: postSymbols,
  willRenameFiles: relatedEditsForRenames,
  warmUp: (ctx) => void rankRelatedCandidates(ctx.index, undefined, new Set(), 1),
});
