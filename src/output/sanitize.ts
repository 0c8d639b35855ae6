/**
 * Terminal safety for every string that came from a server or a file. Human formats
 * (table, TSV, single views, error and hint lines) show control characters escaped, so
 * a value cannot move the cursor, set the window title (ESC ]0), write the clipboard
 * (ESC ]52) or clear the screen: C0 controls, DEL and C1 controls (U+0080–U+009F, which
 * include the 8-bit CSI U+009B) become `\xNN`, and `\` itself stays as it is.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** One line of text, every control character escaped (tab and newline too). */
export function safeText(s: string): string {
  return s.replace(CONTROL, hex);
}

/** Multi-line text (a log line, a message body): keeps `\n` and `\t`, escapes every other control. */
export function safeLines(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, hex);
}

/** JSON text with C1 controls escaped too (JSON.stringify leaves U+0080–U+009F raw). */
export function safeJson(json: string): string {
  // Tested first: replace() copies the whole text even when nothing matches (a list's JSON, every time).
  if (!/[\u007f-\u009f]/.test(json)) return json;
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// eslint-disable-next-line no-control-regex
const OUTPUT_CONTROL = /\u001b\[[0-9;]*m|\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** OUTPUT_CONTROL without `g` (a global regex's test() would keep a lastIndex between calls). */
const HAS_OUTPUT_CONTROL = new RegExp(OUTPUT_CONTROL.source);

/**
 * The last pass over everything the writer sends to a stream: every control character
 * but `\n` and `\t` escaped. With `allowColour`, the SGR colour sequences our own Style
 * writes (`ESC [ … m`) pass; nothing else can move the cursor, clear the screen, set the
 * title or write the clipboard. Values from a server are escaped strictly (safeText)
 * before they are styled, so this pass only decides about the writer's own colours.
 */
export function safeOutput(s: string, allowColour: boolean): string {
  if (!HAS_OUTPUT_CONTROL.test(s)) return s; // as in safeJson: no copy of text that has nothing to escape
  return s.replace(OUTPUT_CONTROL, (m) => (m.length > 1 ? (allowColour ? m : m.replace(/\u001b/, '\\x1b')) : hex(m)));
}
