import { TextDocument } from 'vscode-languageserver-textdocument';

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

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
