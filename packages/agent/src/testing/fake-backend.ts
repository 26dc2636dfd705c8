// In-memory Backend for processor/handler unit tests: accounts with limits, users and QoS, call counters, and
// scripted failures. `createResource` uses the resource slug as id and refuses duplicates like SLURM does.
import {
  BackendError,
  DuplicateResourceError,
  type Backend,
  type BackendResourceInfo,
  type CreateResourceContext,
  type CreatedResource,
  type PendingOrderDecision,
  type PeriodicSettingsResult,
  type ResourceSpec,
} from '../backend/backend.js';

export interface FakeAccount {
  limits: Record<string, number>;
  users: Set<string>;
  qos: string;
}

export class FakeBackend implements Backend {
  readonly backendType = 'slurm';
  readonly handledResourceStates = ['OK', 'Erred'] as const;
  readonly accounts = new Map<string, FakeAccount>();
  readonly calls: { method: string; args: unknown[] }[] = [];
  decision: PendingOrderDecision = 'accept';
  /** Errors thrown by the next calls of a method, in order. */
  readonly failNext = new Map<string, Error[]>();
  periodicResult: PeriodicSettingsResult = {
    success: true,
    commandsExecuted: ['sacctmgr modify'],
    errorMessage: '',
  };

  failOnce(method: string, error: Error = new BackendError(`${method} failed`)): void {
    const list = this.failNext.get(method) ?? [];
    list.push(error);
    this.failNext.set(method, list);
  }
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }
  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const error = this.failNext.get(method)?.shift();
    if (error !== undefined) throw error;
  }
  private account(id: string): FakeAccount {
    const a = this.accounts.get(id);
    if (a === undefined) throw new BackendError(`No account ${id}`);
    return a;
  }

  ping(): Promise<boolean> {
    return Promise.resolve(true);
  }
  version(): Promise<string> {
    return Promise.resolve('fake-1');
  }
  evaluatePendingOrder(order: { uuid: string; type: string }): Promise<PendingOrderDecision> {
    this.record('evaluatePendingOrder', order);
    return Promise.resolve(this.decision);
  }
  pullResource(backendId: string): Promise<BackendResourceInfo | null> {
    this.record('pullResource', backendId);
    const a = this.accounts.get(backendId);
    return Promise.resolve(
      a === undefined ? null : { backendId, limits: { ...a.limits }, users: [...a.users] },
    );
  }
  createResource(spec: ResourceSpec, ctx: CreateResourceContext): Promise<CreatedResource> {
    this.record('createResource', spec, ctx);
    return this.createResourceWithId(spec, `hpc_${spec.slug}`, ctx);
  }
  createResourceWithId(
    spec: ResourceSpec,
    backendId: string,
    ctx: CreateResourceContext,
  ): Promise<CreatedResource> {
    this.record('createResourceWithId', spec, backendId, ctx);
    return this.ensureAccount(spec, backendId, ctx);
  }
  /** Like SLURM: an existing id is a duplicate unless adopted; a free id is claimed right before it is added. */
  private async ensureAccount(
    spec: ResourceSpec,
    backendId: string,
    ctx: CreateResourceContext,
  ): Promise<CreatedResource> {
    const existing = this.accounts.get(backendId);
    if (existing !== undefined) {
      if (ctx.adoptExisting !== true) throw new DuplicateResourceError(backendId);
      existing.limits = { ...spec.limits };
      return { backendId, limits: { ...spec.limits } };
    }
    if (ctx.claimBackendId !== undefined && !(await ctx.claimBackendId(backendId)))
      throw new DuplicateResourceError(backendId);
    this.accounts.set(backendId, { limits: { ...spec.limits }, users: new Set(), qos: 'normal' });
    return { backendId, limits: { ...spec.limits } };
  }
  setResourceLimits(backendId: string, limits: Record<string, number>): Promise<void> {
    this.record('setResourceLimits', backendId, limits);
    this.account(backendId).limits = { ...limits };
    return Promise.resolve();
  }
  getResourceLimits(backendId: string): Promise<Record<string, number>> {
    this.record('getResourceLimits', backendId);
    return Promise.resolve({ ...this.account(backendId).limits });
  }
  deleteResource(backendId: string, opts: { projectSlug: string }): Promise<void> {
    this.record('deleteResource', backendId, opts);
    this.accounts.delete(backendId);
    return Promise.resolve();
  }
  addUser(backendId: string, username: string): Promise<boolean> {
    this.record('addUser', backendId, username);
    this.account(backendId).users.add(username);
    return Promise.resolve(true);
  }
  removeUser(backendId: string, username: string): Promise<boolean> {
    this.record('removeUser', backendId, username);
    return Promise.resolve(this.account(backendId).users.delete(username));
  }
  listResourceUsers(backendId: string): Promise<string[]> {
    this.record('listResourceUsers', backendId);
    return Promise.resolve([...this.account(backendId).users]);
  }
  pauseResource(backendId: string): Promise<boolean> {
    this.record('pauseResource', backendId);
    this.account(backendId).qos = 'paused';
    return Promise.resolve(true);
  }
  downscaleResource(backendId: string): Promise<boolean> {
    this.record('downscaleResource', backendId);
    this.account(backendId).qos = 'slowdown';
    return Promise.resolve(true);
  }
  restoreResource(backendId: string): Promise<boolean> {
    this.record('restoreResource', backendId);
    this.account(backendId).qos = 'normal';
    return Promise.resolve(true);
  }
  getResourceMetadata(backendId: string): Promise<Record<string, unknown>> {
    this.record('getResourceMetadata', backendId);
    return Promise.resolve({ qos: this.account(backendId).qos });
  }
  syncResourceProject(spec: ResourceSpec): Promise<void> {
    this.record('syncResourceProject', spec);
    return Promise.resolve();
  }
  applyPeriodicSettings(
    backendId: string,
    settings: Record<string, unknown>,
  ): Promise<PeriodicSettingsResult> {
    this.record('applyPeriodicSettings', backendId, settings);
    return Promise.resolve(this.periodicResult);
  }
}
