// The persisted model: one JSON document holding the accounting database, the job history and the
// mock's own controls (clock, injected faults). Plain data only, so it round-trips through JSON.

/** TRES id (as a string key) → value. Memory is in MB, like slurmdbd stores it. */
export type TresMap = Record<string, number>;

export interface ClusterRec {
  name: string;
  controlHost: string;
  controlPort: number;
  rpc: number;
}

export interface AccountRec {
  name: string;
  description: string;
  organization: string;
}

export type AdminLevel = 'None' | 'Operator' | 'Administrator';

export interface UserRec {
  name: string;
  defaultAccount: string;
  adminLevel: AdminLevel;
}

export interface AssocRec {
  id: number;
  cluster: string;
  account: string;
  /** '' for an account association. */
  user: string;
  /** '' when the association is not bound to a partition. */
  partition: string;
  /** Parent account of an account association ('' for root); unused for user associations. */
  parentAccount: string;
  shares: number | 'parent';
  priority: number | null;
  grpJobs: number | null;
  grpSubmitJobs: number | null;
  /** Minutes. */
  grpWall: number | null;
  maxJobs: number | null;
  maxSubmitJobs: number | null;
  /** Minutes. */
  maxWall: number | null;
  grpTres: TresMap;
  grpTresMins: TresMap;
  grpTresRunMins: TresMap;
  maxTres: TresMap;
  maxTresPerNode: TresMap;
  maxTresMins: TresMap;
  /** Explicit QOS list; null = inherited from the parent association. */
  qos: string[] | null;
  /** Explicit default QOS; null = inherited. */
  defaultQos: string | null;
  /** ISO time of the last `RawUsage=0`; usage before it does not count. */
  usageResetAt: string | null;
}

export interface QosRec {
  id: number;
  name: string;
  description: string;
  priority: number;
  flags: string[];
  /** Seconds. */
  graceTime: number;
  grpJobs: number | null;
  grpSubmitJobs: number | null;
  grpWall: number | null;
  grpTres: TresMap;
  grpTresMins: TresMap;
  grpTresRunMins: TresMap;
  maxTresPerJob: TresMap;
  maxTresPerNode: TresMap;
  maxTresPerUser: TresMap;
  maxTresPerAccount: TresMap;
  maxTresMins: TresMap;
  maxJobsPerUser: number | null;
  maxSubmitJobsPerUser: number | null;
  maxJobsPerAccount: number | null;
  maxSubmitJobsPerAccount: number | null;
  /** Minutes. */
  maxWall: number | null;
  minTresPerJob: TresMap;
  preempt: string[];
  preemptMode: string;
  usageFactor: number;
  usageThreshold: number | null;
}

export interface TresRec {
  id: number;
  type: string;
  /** '' when the TRES has no name part (cpu, mem, …). */
  name: string;
}

export type JobState = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED' | 'TIMEOUT';

export interface JobRec {
  id: number;
  name: string;
  cluster: string;
  partition: string;
  account: string;
  user: string;
  state: JobState;
  submit: string;
  start: string | null;
  end: string | null;
  /** Minutes; null = UNLIMITED. */
  timeLimit: number | null;
  nodes: number;
  nodeList: string;
  cpus: number;
  reqTres: TresMap;
  qos: string;
  exitCode: string;
}

export interface PartitionRec {
  name: string;
  isDefault: boolean;
  nodeList: string;
  nodeCount: number;
  cpusPerNode: number;
  /** MB. */
  memPerNode: number;
  gpusPerNode: number;
  /** Minutes; null = infinite. */
  timeLimit: number | null;
}

export type ClockState = { mode: 'real' } | { mode: 'fixed'; now: string };

export interface FaultRec {
  /** Tool name the fault applies to; null = any SLURM tool. */
  command: string | null;
  remaining: number;
  exitCode: number;
  message: string | null;
}

export interface MockState {
  schemaVersion: 1;
  localCluster: string;
  clusters: ClusterRec[];
  accounts: AccountRec[];
  users: UserRec[];
  associations: AssocRec[];
  qos: QosRec[];
  tres: TresRec[];
  jobs: JobRec[];
  partitions: PartitionRec[];
  nextAssocId: number;
  nextQosId: number;
  nextJobId: number;
  clock: ClockState;
  faults: FaultRec[];
}
