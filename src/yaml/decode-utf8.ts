import { AppError, type SourceLocation } from '../common/app-error.js';

/**
 * The text of a file's bytes, which must be UTF-8 (YAML files are Unicode; a UTF-16 or
 * Latin-1 file would otherwise parse into garbage). A leading byte order mark is dropped.
 * Invalid bytes throw an `invalid_yaml` error located at the first bad character.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError({
      code: 'invalid_yaml',
      fault: 'user',
      message: 'The file is not valid UTF-8 text.',
      hint: 'Save it as UTF-8.',
      location: locateInvalidByte(bytes, file),
    });
  }
}

function locateInvalidByte(bytes: Uint8Array, file: string): SourceLocation {
  const valid = findValidPrefixLength(bytes);
  // lastIndexOf counts a negative start from the end, so an error at byte 0 needs its own case
  const lineStart = valid === 0 ? 0 : bytes.lastIndexOf(0x0a, valid - 1) + 1;
  const line = 1 + countByte(bytes.subarray(0, lineStart), 0x0a);
  const before = new TextDecoder('utf-8', { ignoreBOM: line > 1 }).decode(bytes.subarray(lineStart, valid), { stream: true });
  return { file, line, column: [...before].length + 1 };
}

/**
 * The longest prefix that decodes without error when more bytes may follow. Validity of
 * prefixes is monotonic, so a binary search finds it with the platform's own decoder.
 */
function findValidPrefixLength(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (decodesAsPrefix(bytes.subarray(0, middle))) low = middle;
    else high = middle - 1;
  }
  return low;
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function countByte(bytes: Uint8Array, byte: number): number {
  let count = 0;
  for (const value of bytes) if (value === byte) count++;
  return count;
}
