/**
 * Escaping of untrusted text (ids, SMILES, messages, names) into HTML and into inline `<script>` JSON.
 *
 * - `escapeHtml` is for text content and for double- or single-quoted attribute values.
 * - `toScriptJson` is for a JSON data island inside `<script type="application/json">`: `<`, `>` and `&` become
 *   `\u003c`, `\u003e`, `\u0026`, so no `</script>`, `<!--` or `<script` inside a string can end or change the
 *   element; U+2028/U+2029 become `\u2028`/`\u2029` (line terminators in old JavaScript parsers). The result is
 *   still valid JSON that `JSON.parse` turns back into exactly the same value.
 */
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const SCRIPT_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON of `value`, safe to place verbatim between `<script type="application/json">` and `</script>`. */
export function toScriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return 'null';
  // The characters replaced only ever occur inside JSON strings, where the \u form means the same character.
  return json.replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c] ?? c);
}
