import { decodeMessage } from '../../src/proto/binary-codec.js';
import { defineProtoFiles } from '../../src/proto/define-proto-file.js';
import { ProtoRegistry } from '../../src/proto/descriptor.js';

/**
 * The part of google/protobuf/descriptor.proto that a `protoc --descriptor_set_out` file needs to be
 * read field by field (names, numbers, types, labels, type names, defaults, oneofs, options).
 */
const DESCRIPTOR_PROTO = `
message FileDescriptorSet { repeated FileDescriptorProto file = 1; }
message FileDescriptorProto {
  optional string name = 1; optional string package = 2; repeated string dependency = 3;
  repeated DescriptorProto message_type = 4; repeated EnumDescriptorProto enum_type = 5; optional string syntax = 12;
}
message DescriptorProto {
  optional string name = 1; repeated FieldDescriptorProto field = 2; repeated DescriptorProto nested_type = 3;
  repeated EnumDescriptorProto enum_type = 4; optional MessageOptions options = 7;
  repeated OneofDescriptorProto oneof_decl = 8;
}
message MessageOptions { optional bool map_entry = 7; }
message FieldDescriptorProto {
  enum Type {
    TYPE_DOUBLE = 1; TYPE_FLOAT = 2; TYPE_INT64 = 3; TYPE_UINT64 = 4; TYPE_INT32 = 5; TYPE_FIXED64 = 6;
    TYPE_FIXED32 = 7; TYPE_BOOL = 8; TYPE_STRING = 9; TYPE_GROUP = 10; TYPE_MESSAGE = 11; TYPE_BYTES = 12;
    TYPE_UINT32 = 13; TYPE_ENUM = 14; TYPE_SFIXED32 = 15; TYPE_SFIXED64 = 16; TYPE_SINT32 = 17; TYPE_SINT64 = 18;
  }
  enum Label { LABEL_OPTIONAL = 1; LABEL_REQUIRED = 2; LABEL_REPEATED = 3; }
  optional string name = 1; optional int32 number = 3; optional Label label = 4; optional Type type = 5;
  optional string type_name = 6; optional string default_value = 7; optional FieldOptions options = 8;
  optional int32 oneof_index = 9; optional string json_name = 10; optional bool proto3_optional = 17;
}
message FieldOptions { optional bool packed = 2; }
message OneofDescriptorProto { optional string name = 1; }
message EnumDescriptorProto { optional string name = 1; repeated EnumValueDescriptorProto value = 2; }
message EnumValueDescriptorProto { optional string name = 1; optional int32 number = 2; }
`;

export interface FieldProto {
  name: string;
  number: number;
  label: 'LABEL_OPTIONAL' | 'LABEL_REQUIRED' | 'LABEL_REPEATED';
  type: string;
  typeName?: string;
  defaultValue?: string;
  options?: { packed?: boolean };
  oneofIndex?: number;
  jsonName?: string;
  proto3Optional?: boolean;
}

export interface EnumProto {
  name: string;
  value?: { name: string; number: number }[];
}

export interface MessageProto {
  name: string;
  field?: FieldProto[];
  nestedType?: MessageProto[];
  enumType?: EnumProto[];
  options?: { mapEntry?: boolean };
  oneofDecl?: { name: string }[];
}

export interface FileProto {
  name: string;
  package: string;
  messageType?: MessageProto[];
  enumType?: EnumProto[];
  syntax?: string;
}

/** Decodes a `protoc --descriptor_set_out` file with datavet's own binary codec. */
export function readDescriptorSet(bytes: Uint8Array): FileProto[] {
  const registry = new ProtoRegistry();
  defineProtoFiles(registry, [{ package: 'google.protobuf', syntax: 'proto2', source: DESCRIPTOR_PROTO }]);
  const set = decodeMessage(registry, 'google.protobuf.FileDescriptorSet', bytes) as { file?: FileProto[] };
  return set.file ?? [];
}
