/** Where a command writes: the console in the CLI, strings in the tests. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}
