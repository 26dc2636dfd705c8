// Both forms the real agent puts a uuid in: 32-hex (uuid.hex, event payloads) and hyphenated (str(UUID)).

/** The hyphenated form of a uuid given in either form. */
export function toHyphenated(uuid: string | undefined): string {
  const hex = (uuid ?? '').replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a uuid: ${String(uuid)}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
