/**
 * How deep messages may nest in anything the codecs read: protobuf's default recursion limit (the
 * C++ binary parser and the JSON parser stop at 100). Without it a hostile file nested thousands of
 * levels deep overflows the stack; with it every reader fails with one clear error instead. Real
 * TFMD files nest far less (a struct feature costs two levels: Feature, StructDomain).
 */
export const RECURSION_LIMIT = 100;

export const RECURSION_CODE = 'PROTO_TOO_DEEP';

export function recursionMessage(typeName: string): string {
  return `expected messages nested at most ${RECURSION_LIMIT} deep, but ${typeName} is nested deeper`;
}

export const RECURSION_HINT = `protobuf runtimes refuse messages nested more than ${RECURSION_LIMIT} levels deep; check that this is the right file, or flatten its struct features`;
