// The preview page's own script (the only one the CSP lets run). Plain DOM, no framework:
// swaps the post's HTML in place, keeps the scroll position, syncs scrolling with the editor,
// and turns clicks on links into messages for the extension.
(function () {
  const vscode = acquireVsCodeApi();
  const content = document.getElementById('ba-content');
  const initial = JSON.parse(content.getAttribute('data-state') || '{}');
  const saved = vscode.getState() || {};
  let uri = saved.uri || initial.uri;
  // While we scroll because the editor scrolled, do not echo the scroll back (and vice versa).
  let ignoreScrollUntil = 0;

  function blocks() {
    return Array.prototype.slice.call(content.querySelectorAll('[data-line]'));
  }

  /** The element pair around a source line, for interpolated scrolling. */
  function elementsAround(line) {
    let previous;
    let next;
    for (const el of blocks()) {
      const l = Number(el.getAttribute('data-line'));
      if (l <= line) previous = { el, line: l };
      else {
        next = { el, line: l };
        break;
      }
    }
    return { previous, next };
  }

  function scrollToLine(line) {
    const { previous, next } = elementsAround(line);
    if (!previous) {
      window.scrollTo(0, 0);
      return;
    }
    const top = previous.el.getBoundingClientRect().top + window.scrollY;
    let y = top;
    if (next && next.line > previous.line) {
      const nextTop = next.el.getBoundingClientRect().top + window.scrollY;
      y = top + ((line - previous.line) / (next.line - previous.line)) * (nextTop - top);
    }
    ignoreScrollUntil = Date.now() + 150;
    window.scrollTo(0, Math.max(0, y - 8));
  }

  /** The source line at the top of the view. */
  function lineAtTop() {
    const y = window.scrollY + 8;
    let best;
    for (const el of blocks()) {
      const top = el.getBoundingClientRect().top + window.scrollY;
      if (top > y) {
        if (!best) return Number(el.getAttribute('data-line'));
        const bestTop = best.top;
        const bestLine = best.line;
        const line = Number(el.getAttribute('data-line'));
        return bestLine + ((y - bestTop) / Math.max(1, top - bestTop)) * (line - bestLine);
      }
      best = { top, line: Number(el.getAttribute('data-line')) };
    }
    return best ? best.line : 0;
  }

  let scrollTimer;
  window.addEventListener('scroll', () => {
    vscode.setState({ uri, scrollY: window.scrollY });
    if (Date.now() < ignoreScrollUntil) return;
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => vscode.postMessage({ type: 'revealLine', uri, line: Math.floor(lineAtTop()) }), 50);
  });

  function safeDecode(s) {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  }

  // Elements that navigate, submit, embed other documents or change the base URL or refresh the page:
  // a post's raw HTML may hold them; they are dropped before the HTML is inserted (CSP is the second
  // line, not the first). A form's content is kept, the form is not.
  const DROP = 'meta,base,link,script,iframe,frame,frameset,object,embed,applet,portal,noscript,animate,set,animateMotion,animateTransform,discard,foreignObject';
  const URL_ATTRS = ['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'srcset', 'ping', 'lowsrc', 'dynsrc'];

  /** The post's HTML as an inert fragment, without scripts, handlers or ways to navigate. */
  function sanitize(html) {
    const template = document.createElement('template');
    template.innerHTML = String(html);
    const root = template.content;
    for (const el of root.querySelectorAll(DROP)) el.remove();
    for (const form of root.querySelectorAll('form')) form.replaceWith(...form.childNodes);
    for (const style of root.querySelectorAll('style')) if (/url\(|@import|@font-face/i.test(style.textContent || '')) style.remove();
    for (const el of root.querySelectorAll('*')) {
      for (const attr of [...el.attributes]) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (name.startsWith('on') || name === 'srcdoc' || name === 'http-equiv' || name === 'formaction' || name === 'action' || name === 'ping' || name === 'target') el.removeAttribute(attr.name);
        else if (URL_ATTRS.includes(name) && /^(javascript|vbscript|data:text\/html|data:image\/svg)/.test(value)) el.removeAttribute(attr.name);
        else if (name === 'style' && /url\(|expression\(|@import/.test(value)) el.removeAttribute(attr.name);
      }
      // SVG <use> may pull in another document.
      if (el.localName === 'use' && !(el.getAttribute('href') || el.getAttribute('xlink:href') || '#').startsWith('#')) el.remove();
    }
    return root;
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg.type === 'update') {
      const sameDocument = msg.uri === uri;
      const y = window.scrollY;
      content.replaceChildren(sanitize(msg.html));
      document.title = msg.title || '';
      if (sameDocument) window.scrollTo(0, y);
      else {
        uri = msg.uri;
        if (typeof msg.line === 'number') scrollToLine(msg.line);
        else window.scrollTo(0, 0);
      }
      vscode.setState({ uri, scrollY: window.scrollY });
      document.body.setAttribute('data-rendered-ms', String(msg.milliseconds || 0));
    } else if (msg.type === 'scrollTo') {
      scrollToLine(msg.line);
    } else if (msg.type === 'scrollToId') {
      const target = document.getElementById(msg.id);
      if (target) target.scrollIntoView();
    }
  });

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link) return;
    const href = link.getAttribute('href') || '';
    event.preventDefault();
    const target = link.getAttribute('data-target');
    const hash = href.indexOf('#') >= 0 ? safeDecode(href.slice(href.indexOf('#') + 1)) : '';
    if (target) vscode.postMessage({ type: 'openPost', path: target, fragment: hash });
    else if (href.startsWith('#')) {
      const el = document.getElementById(hash);
      if (el) el.scrollIntoView();
    } else if (/^(https?|mailto):/i.test(href)) vscode.postMessage({ type: 'openExternal', href });
  });

  document.addEventListener('dblclick', (event) => {
    // Double-click jumps the editor to that place.
    const el = event.target instanceof Element ? event.target.closest('[data-line]') : null;
    if (el) vscode.postMessage({ type: 'revealLine', uri, line: Number(el.getAttribute('data-line')), focus: true });
  });

  if (saved.uri === uri && typeof saved.scrollY === 'number') window.scrollTo(0, saved.scrollY);
  else if (typeof initial.line === 'number') scrollToLine(initial.line);
  vscode.postMessage({ type: 'ready', uri });
})();
