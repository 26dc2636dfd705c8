// GNU getopt_long as the SLURM tools use it: options may appear anywhere (argv is permuted), short
// options cluster (`-nP`), long options may be abbreviated to any unique prefix (`--cluster=` is
// `--clusters=`), and errors carry glibc's exact wording.

export interface LongOption {
  name: string;
  arg: 'none' | 'required' | 'optional';
  /** Identifier reported back; usually the equivalent short option letter. */
  id: string;
}

export interface ParsedOpt {
  id: string;
  arg: string | null;
}

export type GetoptResult = { ok: true; opts: ParsedOpt[]; operands: string[] } | { ok: false; error: string };

function parseShortSpec(spec: string): Map<string, 'none' | 'required' | 'optional'> {
  const map = new Map<string, 'none' | 'required' | 'optional'>();
  for (let i = 0; i < spec.length; i++) {
    const c = spec.charAt(i);
    if (spec.charAt(i + 1) === ':') {
      if (spec.charAt(i + 2) === ':') {
        map.set(c, 'optional');
        i += 2;
      } else {
        map.set(c, 'required');
        i += 1;
      }
    } else {
      map.set(c, 'none');
    }
  }
  return map;
}

export function getoptLong(
  prog: string,
  argv: readonly string[],
  shortSpec: string,
  longOptions: readonly LongOption[],
): GetoptResult {
  const shorts = parseShortSpec(shortSpec);
  const opts: ParsedOpt[] = [];
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq === -1 ? body : body.slice(0, eq);
      let match = longOptions.find((o) => o.name === name);
      if (match === undefined) {
        const candidates = longOptions.filter((o) => o.name.startsWith(name));
        const distinct = candidates.filter(
          (o, idx) => candidates.findIndex((c) => c.id === o.id && c.arg === o.arg) === idx,
        );
        if (distinct.length > 1) {
          const list = candidates.map((c) => `'--${c.name}'`).join(' ');
          return { ok: false, error: `${prog}: option '--${name}' is ambiguous; possibilities: ${list}\n` };
        }
        match = candidates[0];
      }
      if (match === undefined) return { ok: false, error: `${prog}: unrecognized option '${arg}'\n` };
      if (match.arg === 'none') {
        if (eq !== -1)
          return { ok: false, error: `${prog}: option '--${match.name}' doesn't allow an argument\n` };
        opts.push({ id: match.id, arg: null });
      } else if (eq !== -1) {
        opts.push({ id: match.id, arg: body.slice(eq + 1) });
      } else if (match.arg === 'required') {
        const next = argv[i + 1];
        if (next === undefined)
          return { ok: false, error: `${prog}: option '--${match.name}' requires an argument\n` };
        opts.push({ id: match.id, arg: next });
        i++;
      } else {
        opts.push({ id: match.id, arg: null });
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg.charAt(j);
        const kind = shorts.get(c);
        if (kind === undefined) return { ok: false, error: `${prog}: invalid option -- '${c}'\n` };
        if (kind === 'none') {
          opts.push({ id: c, arg: null });
          continue;
        }
        const rest = arg.slice(j + 1);
        if (rest !== '') {
          opts.push({ id: c, arg: rest });
        } else if (kind === 'required') {
          const next = argv[i + 1];
          if (next === undefined)
            return { ok: false, error: `${prog}: option requires an argument -- '${c}'\n` };
          opts.push({ id: c, arg: next });
          i++;
        } else {
          opts.push({ id: c, arg: null });
        }
        break;
      }
      continue;
    }
    operands.push(arg);
  }
  return { ok: true, opts, operands };
}
