/**
 * Which archive entry names are safe to extract. A package is shared between people, so its names are untrusted:
 * a name is accepted only if joining it to the extraction folder can never leave that folder, on POSIX or Windows.
 * Names are refused, never "repaired" (stripping `../` would write something other than what was verified).
 */

/** Why `name` is not a plain relative `/`-separated path, or null when it is one. */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'the name is empty';
  if (name.includes('\0')) return 'the name contains a NUL byte';
  if (name.includes('\\')) return 'the name contains a backslash';
  // Control characters could forge lines in verify's output or send terminal escapes.
  for (const c of name) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return 'the name contains a control character';
  }
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'the name is an absolute path';
  const segments = name.split('/');
  if (segments.includes('..')) return "the name climbs out of the package folder ('..')";
  if (segments.some((s) => s === '' || s === '.')) return "the name has an empty or '.' segment";
  return null;
}

/**
 * Key under which two names would land on the same file on a case-insensitive or normalising file system
 * (macOS, Windows), so that `README.md` and `readme.md` count as duplicates everywhere.
 */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
