/** Text-level helpers shared by the front matter edits (completion, rename, quick fixes, suggestions). */

/** Whether a plain YAML scalar would not read back as this string. */
export function yamlNeedsQuotes(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim()) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /: |\s#|:$/.test(value)) return true;
  if (inFlow && /[,[\]{}]/.test(value)) return true;
  if (/^(true|false|yes|no|on|off|null|~)$/i.test(value)) return true;
  return /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[\da-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value);
}
