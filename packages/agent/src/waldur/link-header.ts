// RFC 8288 `Link` header parsing for DRF pagination (`<url>; rel="next"`), as py-client's sync_all follows it.

/** Returns the URL with rel="next", or null. */
export function nextLink(header: string | null): string | null {
  if (header === null || header === '') return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (match === null) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(match[2] ?? '');
    const relValue = rel?.[1] ?? rel?.[2] ?? '';
    if (relValue.toLowerCase().split(/\s+/).includes('next')) return match[1] ?? null;
  }
  return null;
}
