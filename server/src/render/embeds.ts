/**
 * Built-in embed shortcodes. Offline (the preview) they become placeholders that say what will be
 * embedded and link to it, so the preview never loads anything from the network; otherwise they are
 * written as Hugo's own templates write them (used by the CLI and the fidelity check).
 */
import { escapeHtml } from './html';
import type { ShortcodeParams } from './shortcodeParams';

const get = (p: ShortcodeParams, name: string, index: number): string | undefined => p.named[name] ?? (p.isNamed ? undefined : p.positional[index]);

export function placeholder(kind: string, label: string, url: string | undefined, detail = ''): string {
  const link = url ? ` <a class="ba-embed-link" href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : '';
  return `<div class="ba-embed ba-embed-${escapeHtml(kind)}" data-shortcode="${escapeHtml(kind)}"><span class="ba-embed-label">${escapeHtml(label)}</span>${link}${detail}</div>`;
}

const RESPONSIVE = 'position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;';
const FILL = 'position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;';

export function renderEmbed(name: string, p: ShortcodeParams, offline: boolean): string | undefined {
  switch (name) {
    case 'youtube': {
      const id = get(p, 'id', 0) ?? '';
      const title = p.named['title'] ?? 'YouTube Video';
      if (offline) return placeholder('youtube', `YouTube video: ${title}`, `https://www.youtube.com/watch?v=${id}`);
      const cls = p.named['class'];
      const autoplay = p.named['autoplay'] === 'true' ? '?autoplay=1' : '';
      const src = `https://www.youtube.com/embed/${escapeHtml(id)}${autoplay}`;
      return cls
        ? `<div class="${escapeHtml(cls)}">\n  <iframe src="${src}" allowfullscreen title="${escapeHtml(title)}"></iframe>\n</div>`
        : `<div style="${RESPONSIVE}">\n  <iframe src="${src}" style="${FILL}" allowfullscreen title="${escapeHtml(title)}"></iframe>\n</div>\n`;
    }
    case 'vimeo': {
      const id = get(p, 'id', 0) ?? '';
      const title = p.named['title'] ?? 'vimeo video';
      if (offline) return placeholder('vimeo', `Vimeo video: ${title}`, `https://vimeo.com/${id}`);
      const cls = get(p, 'class', 1);
      const src = `https://player.vimeo.com/video/${escapeHtml(id)}`;
      return cls
        ? `<div class="${escapeHtml(cls)}">\n  <iframe src="${src}" webkitallowfullscreen mozallowfullscreen allowfullscreen title="${escapeHtml(title)}"></iframe>\n</div>`
        : `<div style="${RESPONSIVE}">\n  <iframe src="${src}" style="${FILL}" title="${escapeHtml(title)}" webkitallowfullscreen mozallowfullscreen allowfullscreen></iframe>\n</div>`;
    }
    case 'x':
    case 'tweet':
    case 'twitter': {
      const user = p.named['user'] ?? (p.positional.length > 1 ? p.positional[0] : undefined);
      const id = p.named['id'] ?? p.positional[p.positional.length - 1] ?? '';
      const url = user ? `https://x.com/${user}/status/${id}` : `https://x.com/i/status/${id}`;
      return placeholder('x', `Post on X${user ? ` by @${user}` : ''}`, url);
    }
    case 'instagram': {
      const id = get(p, 'id', 0) ?? '';
      return placeholder('instagram', 'Instagram post', `https://www.instagram.com/p/${id}/`);
    }
    case 'gist': {
      const user = p.positional[0] ?? '';
      const id = p.positional[1] ?? '';
      const file = p.positional[2];
      if (!offline) return `<script type="application/javascript" src="https://gist.github.com/${escapeHtml(user)}/${escapeHtml(id)}.js${file ? `?file=${escapeHtml(file)}` : ''}"></script>\n`;
      return placeholder('gist', `GitHub gist${file ? ` (${file})` : ''}`, `https://gist.github.com/${user}/${id}`);
    }
    case 'qr': {
      const text = p.named['text'] ?? '';
      return placeholder('qr', 'QR code', undefined, ` <code>${escapeHtml(text)}</code>`);
    }
    default:
      return undefined;
  }
}
