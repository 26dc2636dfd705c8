// Guard rails for identifiers (accounts, users, QOS, clusters, partitions): anything with whitespace,
// quotes, ';' or control characters is refused before it can reach the state file, so a mistake in a
// caller shows up as an error rather than as a corrupt, unparsable `|` row later.

const NAME_RE = /^[A-Za-z0-9_.@+-]+$/;

/** Returns null when acceptable, else the SLURM-style error line (with leading space, no newline). */
export function checkName(kind: string, name: string): string | null {
  if (NAME_RE.test(name)) return null;
  return ` error: Invalid ${kind} name '${printable(name)}': only letters, digits and _.@+- are allowed`;
}

/** Free text (descriptions, organizations) may hold spaces but no control characters, '|' or ';'. */
export function checkText(kind: string, text: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f|;]/.test(text)) return null;
  return ` error: Invalid ${kind} '${printable(text)}': control characters, '|' and ';' are not allowed`;
}

export function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
