/** Small HTML helpers shared by the renderer: the escaper is the one in shared/html.ts. */
import { escapeHtml } from '../../../shared/html';

export { escapeHtml, unescapeHtml } from '../../../shared/html';

export function escapeAttr(text: string): string {
  return escapeHtml(text);
}
