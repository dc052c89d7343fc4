/** A template's documentation card, shown by completion and hover. */
import type { ShortcodeTemplate, ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { relativePath } from '../../workspace/workspace';

export function templateDoc(t: ShortcodeTemplate, root?: string): string {
  const lines: string[] = [];
  const where =
    t.origin === 'builtin' ? "Hugo's built-in shortcode" : t.origin === 'theme' ? `Shortcode of the theme "${t.theme}"` : 'Shortcode of the site';
  lines.push(`**${t.name}** — ${where}${t.path ? ` (\`${root ? relativePath(root, t.path) : t.path}\`)` : ''}`);
  if (t.statusNote) lines.push('', `⚠ ${t.statusNote}`);
  if (t.doc) lines.push('', t.doc);
  lines.push('', t.usesInner ? `Takes inner content: \`{{< ${t.name} >}}…{{< /${t.name} >}}\` (or self-closed).` : 'Stands alone: no closing tag.');
  const named = t.namedParams.map((n) => `- \`${n}\`${t.paramDocs[n] ? ` — ${t.paramDocs[n]}` : ''}`);
  if (named.length) lines.push('', 'Named parameters:', ...named);
  const positional = t.positionalParams.map((i) => `- \`${i}\`${t.paramDocs[String(i)] ? ` — ${t.paramDocs[String(i)]}` : ''}`);
  if (positional.length) lines.push('', 'Positional parameters:', ...positional);
  if (t.readsAllParams && t.origin !== 'builtin') lines.push('', 'Also reads parameters it does not name (passes them on).');
  return lines.join('\n');
}

/** Common root of the template paths, to show short paths. */
export function siteRootOf(templates: ShortcodeTemplates): string | undefined {
  const dir = templates.dirs[0];
  if (!dir) return undefined;
  return dir.replace(/\/layouts\/_?shortcodes$/, '');
}
