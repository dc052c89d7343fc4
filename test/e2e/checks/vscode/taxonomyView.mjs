// Helpers for the Blog Taxonomies view checks: open the view, read its rows, expected terms from the files.
const fold = (t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Terms of a taxonomy as the view must show them: spellings grouped by case/accents, posts counted once. */
export function expectedTerms(blog, key = 'tags') {
  const groups = new Map();
  for (const p of blog.posts) {
    const terms = key === 'tags' ? p.tags : p.categories;
    const seen = new Set();
    for (const t of terms) {
      const f = fold(t);
      let g = groups.get(f);
      if (!g) groups.set(f, (g = { posts: 0, spellings: new Map() }));
      g.spellings.set(t, (g.spellings.get(t) ?? 0) + 1);
      if (!seen.has(f)) g.posts++;
      seen.add(f);
    }
  }
  return [...groups.values()].map((g) => {
    const spellings = [...g.spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return { term: spellings[0][0], count: g.posts, others: spellings.slice(1).map((s) => s[0]) };
  });
}

export function viewPane(wb) {
  return wb.page.locator('.pane').filter({ has: wb.page.locator('.pane-header', { hasText: 'Blog Taxonomies' }) }).first();
}

/** Shows the view (Explorer › Blog Taxonomies) with the folder tree collapsed so the terms have room. */
export async function openTaxonomyView(wb) {
  await wb.runCommand('Focus on Blog Taxonomies View');
  const pane = viewPane(wb);
  await pane.waitFor({ state: 'visible', timeout: 20_000 });
  const folders = wb.page.locator('.pane').filter({ has: wb.page.locator('.explorer-folders-view') }).first();
  const header = folders.locator('.pane-header').first();
  // Only when the Explorer's folders pane is there (it is not once the view has its own container):
  // getAttribute on a missing element waits Playwright's 30 s default before giving up.
  if ((await header.count()) && (await header.getAttribute('aria-expanded', { timeout: 2_000 }).catch(() => null)) === 'true') await header.click().catch(() => {});
  return pane;
}

/** The view's rows: { label, description, aria, level }. */
export async function viewRows(wb) {
  return viewPane(wb).locator('.monaco-list-row').evaluateAll((els) =>
    els.map((e) => ({
      label: (e.querySelector('.label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
      description: (e.querySelector('.label-description')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
      aria: (e.getAttribute('aria-label') ?? '').replace(/\u00a0/g, ' '),
      level: Number(e.getAttribute('aria-level') ?? 0),
    })),
  );
}
