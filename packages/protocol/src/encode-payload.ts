// Byte-for-byte Python `json.dumps(obj)` with default arguments, so bodies and x-message-id hashes equal Waldur's.
//
// Number mapping (JS has one number type): an integral number whose magnitude is at most
// Number.MAX_SAFE_INTEGER encodes as a Python int ("1", never "1.0"); every other number encodes as a
// Python float repr ("0.1", "1e-07", "1e+21", "-0.0"); NaN/±Infinity as Python's NaN/Infinity tokens.
// bigint encodes as an exact int. Object keys follow JS property order (insertion order, except that
// integer-like keys such as "2" come first, a JS rule); pass a Map for full control of key order.
// Object properties whose value is undefined are skipped (like JSON.stringify); undefined elsewhere,
// functions, symbols, Dates and other class instances are rejected with ERR_UNENCODABLE, as Python's
// encoder would reject objects it does not know.
import { ProtocolError } from './protocol-error.js';
import { pythonFloatRepr } from './python-float-repr.js';

/** Python's ensure_ascii string encoding (json.encoder.py_encode_basestring_ascii). */
export function encodePythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      if (c === 0x22) out += '\\"';
      else if (c === 0x5c) out += '\\\\';
      else out += String.fromCharCode(c);
      continue;
    }
    switch (c) {
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      default:
        // JS strings are UTF-16 already, so astral characters arrive as the surrogate pair Python writes.
        out += `\\u${c.toString(16).padStart(4, '0')}`;
    }
  }
  return `${out}"`;
}

function encodeNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER && !Object.is(n, -0)) return String(n);
  return pythonFloatRepr(n);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function unencodable(what: string, path: string): ProtocolError {
  return new ProtocolError(
    'ERR_UNENCODABLE',
    `Object of type ${what} is not JSON serializable (at ${path || '<root>'})`,
  );
}

function encodeValue(value: unknown, path: string, stack: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return encodePythonString(value);
    case 'number':
      return encodeNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      throw unencodable('undefined', path);
    case 'function':
      throw unencodable('function', path);
    case 'symbol':
      throw unencodable('symbol', path);
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (stack.has(value)) {
    throw new ProtocolError('ERR_UNENCODABLE', `Circular reference detected (at ${path || '<root>'})`);
  }
  stack.add(value);
  try {
    if (Array.isArray(value)) {
      const parts = value.map((item: unknown, i) => encodeValue(item, `${path}[${String(i)}]`, stack));
      return `[${parts.join(', ')}]`;
    }
    let entries: Iterable<[unknown, unknown]>;
    if (value instanceof Map) entries = value.entries() as Iterable<[unknown, unknown]>;
    else if (isPlainObject(value)) entries = Object.entries(value);
    else throw unencodable(value.constructor.name, path);
    const parts: string[] = [];
    for (const [key, item] of entries) {
      if (typeof key !== 'string') throw unencodable(`${typeof key} key`, path);
      if (item === undefined) continue;
      parts.push(
        `${encodePythonString(key)}: ${encodeValue(item, path === '' ? key : `${path}.${key}`, stack)}`,
      );
    }
    return `{${parts.join(', ')}}`;
  } finally {
    stack.delete(value);
  }
}

/** Serialises like Python `json.dumps(obj)`: separators ", " / ": ", ensure_ascii, insertion order. */
export function encodePayload(value: unknown): string {
  return encodeValue(value, '', new Set());
}
