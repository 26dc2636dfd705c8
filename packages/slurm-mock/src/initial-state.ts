// What a freshly installed slurmdbd + `sacctmgr add cluster <name>` looks like: the cluster, the root
// account with its association, the root user, QOS `normal` and the standard TRES table.
import type { AssocRec, MockState, QosRec, TresRec } from './state-types.js';

export const DEFAULT_CLUSTER = 'linux';

/** Real SLURM's TRES ids; `gres/gpu` is the first dynamic TRES (1001). */
export const DEFAULT_TRES: readonly TresRec[] = [
  { id: 1, type: 'cpu', name: '' },
  { id: 2, type: 'mem', name: '' },
  { id: 3, type: 'energy', name: '' },
  { id: 4, type: 'node', name: '' },
  { id: 5, type: 'billing', name: '' },
  { id: 6, type: 'fs', name: 'disk' },
  { id: 7, type: 'vmem', name: '' },
  { id: 8, type: 'pages', name: '' },
  { id: 1001, type: 'gres', name: 'gpu' },
];

export function newAssoc(
  fields: Pick<AssocRec, 'id' | 'cluster' | 'account' | 'user' | 'partition' | 'parentAccount'>,
): AssocRec {
  return {
    ...fields,
    shares: 1,
    priority: null,
    grpJobs: null,
    grpSubmitJobs: null,
    grpWall: null,
    maxJobs: null,
    maxSubmitJobs: null,
    maxWall: null,
    grpTres: {},
    grpTresMins: {},
    grpTresRunMins: {},
    maxTres: {},
    maxTresPerNode: {},
    maxTresMins: {},
    qos: null,
    defaultQos: null,
    usageResetAt: null,
  };
}

export function newQos(id: number, name: string, description: string): QosRec {
  return {
    id,
    name,
    description,
    priority: 0,
    flags: [],
    graceTime: 0,
    grpJobs: null,
    grpSubmitJobs: null,
    grpWall: null,
    grpTres: {},
    grpTresMins: {},
    grpTresRunMins: {},
    maxTresPerJob: {},
    maxTresPerNode: {},
    maxTresPerUser: {},
    maxTresPerAccount: {},
    maxTresMins: {},
    maxJobsPerUser: null,
    maxSubmitJobsPerUser: null,
    maxJobsPerAccount: null,
    maxSubmitJobsPerAccount: null,
    maxWall: null,
    minTresPerJob: {},
    preempt: [],
    preemptMode: 'cluster',
    usageFactor: 1,
    usageThreshold: null,
  };
}

/** Adds a cluster's root account association and root user association (what `add cluster` does). */
export function addClusterRoots(state: MockState, cluster: string): void {
  const root = newAssoc({
    id: state.nextAssocId++,
    cluster,
    account: 'root',
    user: '',
    partition: '',
    parentAccount: '',
  });
  root.qos = ['normal'];
  state.associations.push(root);
  state.associations.push(
    newAssoc({
      id: state.nextAssocId++,
      cluster,
      account: 'root',
      user: 'root',
      partition: '',
      parentAccount: '',
    }),
  );
}

export function createInitialState(cluster: string = DEFAULT_CLUSTER): MockState {
  const name = cluster.toLowerCase();
  const state: MockState = {
    schemaVersion: 1,
    localCluster: name,
    clusters: [{ name, controlHost: '127.0.0.1', controlPort: 6817, rpc: 10240 }],
    accounts: [{ name: 'root', description: 'default root account', organization: 'root' }],
    users: [{ name: 'root', defaultAccount: 'root', adminLevel: 'Administrator' }],
    associations: [],
    // `normal` as in SLURM, plus the QOS a Waldur site defines for paused and downscaled allocations (the agent
    // config `waldur-publisher seed` prints names them in qos_paused / qos_downscaled).
    qos: [
      newQos(1, 'normal', 'Normal QOS default'),
      newQos(2, 'paused', 'No jobs: paused allocations'),
      newQos(3, 'downscaled', 'Reduced limits: downscaled allocations'),
    ],
    tres: DEFAULT_TRES.map((t) => ({ ...t })),
    jobs: [],
    partitions: [
      {
        name: 'compute',
        isDefault: true,
        nodeList: 'node[001-004]',
        nodeCount: 4,
        cpusPerNode: 64,
        memPerNode: 524288,
        gpusPerNode: 4,
        timeLimit: null,
      },
    ],
    nextAssocId: 1,
    nextQosId: 4,
    nextJobId: 1,
    clock: { mode: 'real' },
    faults: [],
  };
  addClusterRoots(state, name);
  return state;
}
