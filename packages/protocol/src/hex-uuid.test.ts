import { describe, expect, it } from 'vitest';
import { hexUuidSchema, isHexUuid, toHex } from './hex-uuid.js';
import { ProtocolError } from './protocol-error.js';

describe('toHex', () => {
  it('normalises dashed and upper-case UUIDs to 32 lowercase hex', () => {
    expect(toHex('0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0')).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
    expect(toHex('0F1E2D3C4B5A69788796A5B4C3D2E1F0')).toBe('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
  });

  it.each([
    '',
    'xyz',
    '0f1e2d3c4b5a69788796a5b4c3d2e1f',
    '0f1e2d3c-4b5a69788796-a5b4c3d2e1f0',
    ' 0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ])('rejects %j with ERR_INVALID_UUID', (bad) => {
    expect(() => toHex(bad)).toThrow(ProtocolError);
    expect(() => toHex(bad)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_UUID' }));
  });
});

describe('isHexUuid / hexUuidSchema', () => {
  it('accepts only the 32 lowercase hex form', () => {
    expect(isHexUuid('0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toBe(true);
    expect(isHexUuid('0F1E2D3C4B5A69788796A5B4C3D2E1F0')).toBe(false);
    expect(isHexUuid('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toBe(false);
    expect(isHexUuid(42)).toBe(false);
    expect(hexUuidSchema.safeParse('0f1e2d3c4b5a69788796a5b4c3d2e1f0').success).toBe(true);
    expect(hexUuidSchema.safeParse('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0').success).toBe(false);
  });
});
