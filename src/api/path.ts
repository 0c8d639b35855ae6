/**
 * `path` tagged template: every interpolated value becomes exactly one percent-encoded
 * path segment, so no user input (a secret name like `../members/5`, an app name with a
 * slash) can reach another route. `.` and `..` are refused outright because some
 * servers and proxies normalise them even when encoded.
 */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const s = String(value);
    if (s === '' || s === '.' || s === '..') throw new TypeError(`invalid path segment ${JSON.stringify(s)}`);
    out += encodeURIComponent(s) + (strings[i + 1] ?? '');
  });
  return out;
}
