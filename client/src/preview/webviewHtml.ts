/**
 * The preview webview's HTML shell, kept free of `vscode` so tests can check it. Strict CSP: only the
 * preview's own script (by nonce) runs; nothing is fetched from the network; post content never
 * brings scripts, frames, forms or a <base> with it.
 */
import { escapeHtml } from '../../../shared/html';

export interface PreviewShellOptions {
  /** webview.cspSource: the origin of webview resource URIs. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** The initial rendered post (may be empty; updates come by message). */
  body: string;
  /** Initial state for the script: document URI and the line to show. */
  state: { uri: string; line?: number };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `media-src ${cspSource}`,
    // KaTeX and Chroma-style markup use style attributes.
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "frame-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const attr = escapeHtml;

export function buildPreviewHtml(options: PreviewShellOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  const styles = options.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${styles}
</head>
<body>
<main id="ba-content" class="ba-post" data-state="${attr(JSON.stringify(options.state))}">
${options.body}
</main>
<script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}

/** A fresh nonce per page load. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars[Math.floor(Math.random() * chars.length)];
  return out;
}

/** file:// image and media sources from the server → URIs the webview may load. */
export function rewriteLocalUris(html: string, toWebviewUri: (fileUri: string) => string): string {
  return html.replace(/(\s(?:src|poster)=")(file:\/\/[^"]*)"/g, (_m, prefix: string, uri: string) => `${prefix}${attr(toWebviewUri(uri.replace(/&amp;/g, '&')))}"`);
}
