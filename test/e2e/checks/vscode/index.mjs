// All VS Code checks, in the order they run. Which of them run is decided by ../enabled.mjs.
import activation from './activation.mjs';
import tagCompletion from './tagCompletion.mjs';
import relatedDefinition from './relatedDefinition.mjs';
import linkHover from './linkHover.mjs';
import shortcodeDiagnostic from './shortcodeDiagnostic.mjs';
import preview from './preview.mjs';
import quickFix from './quickFix.mjs';
import shortcodeCompletion from './shortcodeCompletion.mjs';
import previewMath from './previewMath.mjs';
import previewCodeColours from './previewCodeColours.mjs';
import taxonomyExplorer from './taxonomyExplorer.mjs';
import taxonomyMerge from './taxonomyMerge.mjs';
import newPost from './newPost.mjs';
import suggestCommands from './suggestCommands.mjs';

export const checks = [activation, tagCompletion, relatedDefinition, linkHover, shortcodeDiagnostic, quickFix, shortcodeCompletion, preview, previewMath, previewCodeColours, taxonomyExplorer, taxonomyMerge, newPost, suggestCommands];
