// sacctmgr's keyword matching: `xstrncasecmp(full, token, MAX(len(token), min))` accepts a token
// that is a case-insensitive prefix of `full` at least `min` characters long. Order of checks matters,
// exactly as in SLURM's if/else chains.

export function matchesKeyword(token: string, full: string, minLen: number): boolean {
  const len = token.length;
  return len >= minLen && len <= full.length && full.slice(0, len).toLowerCase() === token.toLowerCase();
}

export type KeywordSpec = readonly (readonly [full: string, minLen: number])[];

export function matchesAny(token: string, spec: KeywordSpec): boolean {
  return spec.some(([full, min]) => matchesKeyword(token, full, min));
}

export interface OptionToken {
  raw: string;
  key: string;
  /** '+' for `key+=v`, '-' for `key-=v`, '' otherwise. */
  op: '' | '+' | '-';
  value: string;
  hasValue: boolean;
}

/** SLURM's parse_option_end: the key ends at the first `=`, `+=` or `-=`. */
export function parseOptionToken(raw: string): OptionToken {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '=') return { raw, key: raw.slice(0, i), op: '', value: raw.slice(i + 1), hasValue: true };
    if ((c === '+' || c === '-') && raw[i + 1] === '=') {
      return { raw, key: raw.slice(0, i), op: c, value: raw.slice(i + 2), hasValue: true };
    }
  }
  return { raw, key: raw, op: '', value: '', hasValue: false };
}
