// Marketplace resource states as Waldur's REST API shows them.
import { z } from 'zod';

export const RESOURCE_STATES = ['Creating', 'OK', 'Erred', 'Updating', 'Terminating', 'Terminated'] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];
export const resourceStateSchema = z.enum(RESOURCE_STATES);
