/** Builds a BlogService over an in-memory blog, for unit tests of features. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BlogService } from '../../server/src/service';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';

export async function memoryBlog(files: Record<string, string>, settings?: unknown): Promise<{ service: BlogService; workspace: MemoryWorkspace }> {
  const workspace = new MemoryWorkspace(files);
  const service = await BlogService.create({ workspace, folder: '/blog', settings });
  await service.buildIndex();
  // The text index fills in the background after a build: tests see it complete.
  await service.index.text.whenReady();
  return { service, workspace };
}

/** Opens a document in the service; `|` in the text marks the cursor, whose offset is returned. */
let nextVersion = 1;

export function openDoc(service: BlogService, path: string, textWithCursor: string, version = nextVersion++): { doc: TextDocument; offset: number } {
  const offset = textWithCursor.indexOf('|');
  const text = offset >= 0 ? textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1) : textWithCursor;
  const doc = TextDocument.create(pathToUri(path), 'markdown', version, text);
  service.documentChanged(doc);
  return { doc, offset };
}

export const HUGO_CONFIG = 'baseURL = "https://example.org/"\ntitle = "t"\n';

export function yamlPost(fields: Record<string, string | string[]>, body = 'Body.\n'): string {
  const lines = ['---'];
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) lines.push(`${k}:`, ...v.map((x) => `- ${x}`));
    else lines.push(`${k}: ${v}`);
  }
  lines.push('---', '');
  return lines.join('\n') + body;
}
