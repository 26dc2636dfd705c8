// Cell values for sacctmgr listings: how an association, account, user, QOS, TRES or cluster row
// prints each format field (blank where SLURM prints NULL / INFINITE).
import type {
  AccountRec,
  AssocRec,
  ClusterRec,
  MockState,
  QosRec,
  TresRec,
  UserRec,
} from '../state-types.js';
import { formatDuration, formatMinutes } from '../slurm-time.js';
import { formatTres } from '../tres.js';
import type { EffectiveAssoc } from './assoc-view.js';
import { parentAssoc } from './assoc-view.js';
import type { FieldId } from './fields.js';

const num = (n: number | null): string => (n === null ? '' : String(n));
const wall = (n: number | null): string => (n === null ? '' : formatMinutes(n));
const qosList = (names: readonly string[]): string => [...names].sort().join(',');

export function assocValue(
  id: FieldId,
  state: MockState,
  a: AssocRec,
  eff: EffectiveAssoc,
  woPInfo = false,
): string {
  const t = (m: Record<string, number>): string => formatTres(m, state.tres);
  switch (id) {
    case 'account':
      return a.account;
    case 'cluster':
      return a.cluster;
    case 'user':
      return a.user;
    case 'partition':
      return a.partition;
    case 'parentName':
      return a.user === '' && !woPInfo ? a.parentAccount : '';
    case 'parentId': {
      if (woPInfo) return '';
      const p = parentAssoc(state, a);
      return p === undefined ? '' : String(p.id);
    }
    case 'id':
      return String(a.id);
    case 'share':
      return a.shares === 'parent' ? 'parent' : String(a.shares);
    case 'priority':
      return num(a.priority);
    case 'grpJobs':
      return num(a.grpJobs);
    case 'grpSubmit':
      return num(a.grpSubmitJobs);
    case 'grpWall':
      return wall(a.grpWall);
    case 'grpTres':
      return t(a.grpTres);
    case 'grpTresMins':
      return t(a.grpTresMins);
    case 'grpTresRunMins':
      return t(a.grpTresRunMins);
    case 'maxJobs':
      return num(eff.maxJobs);
    case 'maxSubmit':
      return num(eff.maxSubmitJobs);
    case 'maxWall':
      return wall(eff.maxWall);
    case 'maxTres':
      return t(eff.maxTres);
    case 'maxTresPerNode':
      return t(eff.maxTresPerNode);
    case 'maxTresMins':
      return t(eff.maxTresMins);
    case 'qos':
      return qosList(eff.qos);
    case 'qosRaw':
      return eff.qos
        .map((n) => state.qos.find((q) => q.name === n)?.id)
        .filter((x) => x !== undefined)
        .sort((x, y) => x - y)
        .join(',');
    case 'defQos':
      return eff.defaultQos ?? '';
    default:
      return '';
  }
}

export function accountValue(id: FieldId, acct: AccountRec): string | undefined {
  if (id === 'account') return acct.name;
  if (id === 'descr') return acct.description;
  if (id === 'org') return acct.organization;
  if (id === 'coord') return '';
  return undefined;
}

export function userValue(id: FieldId, user: UserRec): string | undefined {
  if (id === 'user') return user.name;
  if (id === 'defAcct') return user.defaultAccount;
  if (id === 'admin') return user.adminLevel;
  if (id === 'coord') return '';
  return undefined;
}

export function qosValue(id: FieldId, state: MockState, q: QosRec): string {
  const t = (m: Record<string, number>): string => formatTres(m, state.tres);
  switch (id) {
    case 'name':
      return q.name;
    case 'descr':
      return q.description;
    case 'id':
      return String(q.id);
    case 'priority':
      return String(q.priority);
    case 'graceTime':
      return formatDuration(q.graceTime);
    case 'preempt':
      return [...q.preempt].sort().join(',');
    case 'preemptExempt':
      return '';
    case 'preemptMode':
      return q.preemptMode;
    case 'flags':
      return q.flags.join(',');
    case 'usageThres':
      return q.usageThreshold === null ? '' : q.usageThreshold.toFixed(6);
    case 'usageFactor':
      return q.usageFactor.toFixed(6);
    case 'grpTres':
      return t(q.grpTres);
    case 'grpTresMins':
      return t(q.grpTresMins);
    case 'grpTresRunMins':
      return t(q.grpTresRunMins);
    case 'grpJobs':
      return num(q.grpJobs);
    case 'grpSubmit':
      return num(q.grpSubmitJobs);
    case 'grpWall':
      return wall(q.grpWall);
    case 'maxTres':
      return t(q.maxTresPerJob);
    case 'maxTresPerNode':
      return t(q.maxTresPerNode);
    case 'maxTresMins':
      return t(q.maxTresMins);
    case 'maxWall':
      return wall(q.maxWall);
    case 'maxTresPU':
      return t(q.maxTresPerUser);
    case 'maxJobs':
    case 'maxJobsPU':
      return num(q.maxJobsPerUser);
    case 'maxSubmit':
    case 'maxSubmitPU':
      return num(q.maxSubmitJobsPerUser);
    case 'maxTresPA':
      return t(q.maxTresPerAccount);
    case 'maxJobsPA':
      return num(q.maxJobsPerAccount);
    case 'maxSubmitPA':
      return num(q.maxSubmitJobsPerAccount);
    case 'minTres':
      return t(q.minTresPerJob);
    default:
      return '';
  }
}

export function tresValue(id: FieldId, t: TresRec): string {
  if (id === 'type') return t.type;
  if (id === 'name') return t.name;
  if (id === 'id') return String(t.id);
  return '';
}

export function clusterValue(id: FieldId, c: ClusterRec): string | undefined {
  if (id === 'cluster' || id === 'name') return c.name;
  if (id === 'controlHost') return c.controlHost;
  if (id === 'controlPort') return String(c.controlPort);
  if (id === 'rpc') return String(c.rpc);
  return undefined;
}
