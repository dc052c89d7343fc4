import { statSync } from 'fs';
import { resolve } from 'path';
import { fromNativePath } from '../workspace/uri';

/** Where a command writes: the console in the CLI, strings in the tests. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * A path named on the command line, in the core's form, and whether it is a folder; undefined (the
 * reason written to `err`) when it cannot be read.
 */
export function namedPath(arg: string, err: (text: string) => void): { path: string; isDir: boolean } | undefined {
  const path = fromNativePath(resolve(arg));
  try {
    return { path, isDir: statSync(path).isDirectory() };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err(`blog-author: cannot read ${arg}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    return undefined;
  }
}
