// A related object named in a request body by UUID (32-hex, dashed, or a hyperlink ending in one), read as 32-hex
// or answered with DRF's 400 for a bad reference.
import { toHex } from '@waldur-sim/protocol';
import { FieldValidationError } from './errors.js';
import { uuidFromReference } from './serializers/urls.js';

export function referenceUuid(field: string, value: string): string {
  try {
    return toHex(uuidFromReference(value));
  } catch (cause) {
    throw new FieldValidationError({ [field]: ['Must be a valid UUID.'] }, { cause });
  }
}

/** DRF's message for a reference to an object that does not exist (or that the caller may not see). */
export function missingReference(field: string, value: string): FieldValidationError {
  return FieldValidationError.field(field, `Invalid pk "${value}" - object does not exist.`);
}
