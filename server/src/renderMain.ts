/**
 * The renderer's entry point (dist/server/render.js in the build): highlight.js, KaTeX and
 * markdown-it are loaded only by the commands and requests that render, not by `check`, `index` or
 * the server's start. Beside serverMain.ts, above the CLI and the renderer it loads.
 */
export { runRender } from './cli/render';
export { handleRenderRequest } from './renderRequest';
