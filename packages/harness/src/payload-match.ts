// Partial matching of message payloads ("a user_role message for this user with granted=true").

/** Keys and values a payload must have ("granted: true"); other keys are ignored. */
export type PayloadSubset = Readonly<Record<string, unknown>>;

/** True when every key of `subset` equals (JSON-wise) the same key of `payload`. */
export function matches(
  payload: Readonly<Record<string, unknown>>,
  subset: Readonly<Record<string, unknown>>,
): boolean {
  return Object.entries(subset).every(
    ([key, value]) => JSON.stringify(payload[key]) === JSON.stringify(value),
  );
}
