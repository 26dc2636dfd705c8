// How slurmdbd presents associations: ordered as the account tree (each account, then its users, then
// its sub-accounts), and with Max* limits, QOS and default QOS inherited from the parent association
// when not set (Grp* limits are not inherited), unless WOPLimits is asked for.
import type { AssocRec, MockState, TresMap } from '../state-types.js';
import { mergeTres } from '../tres.js';

export interface EffectiveAssoc {
  qos: string[];
  defaultQos: string | null;
  maxJobs: number | null;
  maxSubmitJobs: number | null;
  maxWall: number | null;
  maxTres: TresMap;
  maxTresPerNode: TresMap;
  maxTresMins: TresMap;
}

export function accountAssoc(state: MockState, cluster: string, account: string): AssocRec | undefined {
  return state.associations.find(
    (a) => a.cluster === cluster && a.account === account && a.user === '' && a.partition === '',
  );
}

export function parentAssoc(state: MockState, a: AssocRec): AssocRec | undefined {
  if (a.user !== '') return accountAssoc(state, a.cluster, a.account);
  if (a.parentAccount === '') return undefined;
  return accountAssoc(state, a.cluster, a.parentAccount);
}

export class AssocView {
  private readonly memo = new Map<number, EffectiveAssoc>();

  constructor(private readonly state: MockState) {}

  effective(a: AssocRec, depth = 0): EffectiveAssoc {
    const cached = this.memo.get(a.id);
    if (cached !== undefined) return cached;
    const parent = depth < 64 ? parentAssoc(this.state, a) : undefined;
    const p = parent === undefined ? undefined : this.effective(parent, depth + 1);
    const eff: EffectiveAssoc = {
      qos: a.qos ?? p?.qos ?? [],
      defaultQos: a.defaultQos ?? p?.defaultQos ?? null,
      maxJobs: a.maxJobs ?? p?.maxJobs ?? null,
      maxSubmitJobs: a.maxSubmitJobs ?? p?.maxSubmitJobs ?? null,
      maxWall: a.maxWall ?? p?.maxWall ?? null,
      maxTres: mergeTres(a.maxTres, p?.maxTres ?? {}),
      maxTresPerNode: mergeTres(a.maxTresPerNode, p?.maxTresPerNode ?? {}),
      maxTresMins: mergeTres(a.maxTresMins, p?.maxTresMins ?? {}),
    };
    this.memo.set(a.id, eff);
    return eff;
  }

  /** Own values only (WOPLimits). */
  static own(a: AssocRec): EffectiveAssoc {
    return {
      qos: a.qos ?? [],
      defaultQos: a.defaultQos,
      maxJobs: a.maxJobs,
      maxSubmitJobs: a.maxSubmitJobs,
      maxWall: a.maxWall,
      maxTres: a.maxTres,
      maxTresPerNode: a.maxTresPerNode,
      maxTresMins: a.maxTresMins,
    };
  }
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** All associations in tree order: per cluster (by name), depth first, users before sub-accounts. */
export function treeOrder(state: MockState): AssocRec[] {
  const out: AssocRec[] = [];
  const seen = new Set<number>();
  const clusters = [...new Set(state.associations.map((a) => a.cluster))].sort(byName);
  for (const cluster of clusters) {
    const inCluster = state.associations.filter((a) => a.cluster === cluster);
    const visit = (acct: AssocRec): void => {
      if (seen.has(acct.id)) return;
      seen.add(acct.id);
      out.push(acct);
      const users = inCluster
        .filter((a) => a.user !== '' && a.account === acct.account)
        .sort((x, y) => byName(x.user, y.user) || byName(x.partition, y.partition));
      for (const u of users) {
        seen.add(u.id);
        out.push(u);
      }
      const children = inCluster
        .filter(
          (a) =>
            a.user === '' &&
            a.partition === '' &&
            a.parentAccount === acct.account &&
            a.account !== acct.account,
        )
        .sort((x, y) => byName(x.account, y.account));
      for (const c of children) visit(c);
    };
    const roots = inCluster.filter((a) => a.user === '' && a.partition === '' && a.parentAccount === '');
    for (const r of roots.sort((x, y) => byName(x.account, y.account))) visit(r);
    for (const a of inCluster) {
      if (!seen.has(a.id)) {
        seen.add(a.id);
        out.push(a);
      }
    }
  }
  return out;
}

/** The account association and every association below it (sub-accounts and their users). */
export function subtree(state: MockState, root: AssocRec): AssocRec[] {
  const result: AssocRec[] = [];
  const accounts = new Set<string>();
  const walk = (acct: AssocRec, depth: number): void => {
    if (accounts.has(acct.account) || depth > 64) return;
    accounts.add(acct.account);
    result.push(acct);
    for (const a of state.associations) {
      if (a.cluster !== root.cluster) continue;
      if (a.user !== '' && a.account === acct.account) result.push(a);
      else if (a.user === '' && a.partition === '' && a.parentAccount === acct.account) walk(a, depth + 1);
    }
  };
  walk(root, 0);
  return result;
}
