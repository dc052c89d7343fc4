import { TextDocument } from 'vscode-languageserver-textdocument';
import { findFrontMatterBlock } from './parse/frontMatter';
import { scanLiquid, type LiquidScan } from './parse/liquid';

/**
 * Per-version memo of what the features parse from an open document, so that completion, hover
 * and diagnostics on the same version share one parse of the front matter, shortcodes and links.
 */
export class DocumentCache {
  private readonly entries = new Map<string, { version: number; text: string; values: Map<string, unknown> }>();

  get<T>(doc: TextDocument, key: string, compute: () => T): T {
    let entry = this.entries.get(doc.uri);
    // The text is compared too: documents read from disk all have version 0.
    const text = doc.getText();
    if (!entry || entry.version !== doc.version || entry.text !== text) {
      entry = { version: doc.version, text, values: new Map() };
      this.entries.set(doc.uri, entry);
    }
    if (!entry.values.has(key)) entry.values.set(key, compute());
    return entry.values.get(key) as T;
  }

  /** The body's Liquid (Jekyll), scanned once per version: the index's link parse and the Liquid features read this one scan. */
  liquidScan(doc: TextDocument): LiquidScan {
    return this.get(doc, 'liquid-scan', () => {
      const text = doc.getText();
      return scanLiquid(text, findFrontMatterBlock(text)?.bodyStart ?? 0);
    });
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
