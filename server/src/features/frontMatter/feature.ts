/** Front matter features on the shared context: completion, navigation, rename, diagnostics, fixes. */
import type { FeatureProvider } from '../provider';
import { frontMatterCompletion } from './completion';
import { frontMatterCodeActions, frontMatterDiagnostics } from './diagnostics';
import { frontMatterHover, frontMatterReferences, postSymbols, relatedDefinition, relatedDocumentLinks } from './navigation';
import { prepareTermRename, relatedEditsForRenames, renameTerm } from './rename';
import { rankRelatedCandidates } from './relatedPosts';
import { suggestionActions } from './suggestActions';

export const frontMatterFeature: FeatureProvider = {
  name: 'front matter',
  diagnostics: frontMatterDiagnostics,
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
};
