// Field types shared by the legacy payload schemas.
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';

/** Appended by Waldur's prepare_messages to every legacy payload; optional so handler payloads validate too. */
export const offeringUuidField = hexUuidSchema.optional();
/** Per-(object, type) counter from get_next_sequence_number (starts at 1). */
export const sequenceNumberSchema = z.int().nonnegative();
/** Free-form JSON object (attributes, settings, limits). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
