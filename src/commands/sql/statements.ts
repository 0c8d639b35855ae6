/**
 * Splitting SQL text into statements at `;`, outside quotes ('…', "…"), line comments
 * (-- …) and block comments. `complete()` tells the REPL whether the input so far ends a
 * statement (multi-line input continues until then).
 */

export interface Split {
  statements: string[];
  /** Text after the last `;` (not yet a statement). */
  rest: string;
}

export function splitStatements(text: string): Split {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (text[i] === c) {
          if (text[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === ';') {
      const s = text.slice(start, i).trim();
      if (s !== '' && !onlyComments(s)) statements.push(s);
      start = ++i;
    } else i++;
  }
  return { statements, rest: text.slice(start) };
}

/** The statements of a script; a transaction (BEGIN … COMMIT) is sent whole, as the runtime runs it as one. */
export function scriptStatements(text: string): string[] {
  const { statements, rest } = splitStatements(text);
  const tail = rest.trim();
  if (tail !== '' && !onlyComments(tail)) statements.push(tail);
  if (statements.length > 1 && /^(begin|start\s+transaction)\b/i.test(statements[0]!)) return [statements.map((s) => `${s};`).join(' ')];
  return statements;
}

export function onlyComments(s: string): boolean {
  return s.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}
