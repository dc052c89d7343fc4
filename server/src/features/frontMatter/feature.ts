/** Front matter features on the shared context: completion, navigation, rename, diagnostics, fixes. */
import { registerFeature } from '../languageFeatures';
import { frontMatterCompletion } from './completion';
import { frontMatterCodeActions } from './diagnostics';
import { frontMatterHover, frontMatterReferences, postSymbols, relatedDefinition, relatedDocumentLinks } from './navigation';
import { prepareTermRename, relatedEditsForRenames, renameTerm } from './rename';
import { rankRelatedCandidates } from './relatedPosts';

registerFeature({
  name: 'front matter',
  completion: frontMatterCompletion,
  hover: frontMatterHover,
  definition: relatedDefinition,
  references: frontMatterReferences,
  documentLinks: relatedDocumentLinks,
  codeActions: (_ctx, doc, _range, context) => frontMatterCodeActions(doc, context.diagnostics),
  prepareRename: prepareTermRename,
  rename: renameTerm,
  workspaceSymbols: postSymbols,
  willRenameFiles: relatedEditsForRenames,
  warmUp: (ctx) => void rankRelatedCandidates(ctx.index, undefined, new Set(), 1),
});
