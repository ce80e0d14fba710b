import { defineProtoFiles } from '../../src/proto/define-proto-file.js';
import { ProtoRegistry } from '../../src/proto/descriptor.js';
import { defineWellKnownTypes } from '../../src/proto/well-known.js';

/** A small registry covering every field shape the codecs support, for unit tests. */
export function testRegistry(): ProtoRegistry {
  const registry = new ProtoRegistry();
  defineWellKnownTypes(registry);
  defineProtoFiles(registry, [
    {
      package: 'test.v2',
      syntax: 'proto2',
      source: `
        enum Color { RED = 0; GREEN = 1; BLUE = 2; }
        message Inner { string label = 1; int32 n = 2; }
        message P2 {
          string s = 1; bytes b = 2; int32 i32 = 3; int64 i64 = 4; uint64 u64 = 5; sint32 s32 = 6; sint64 s64 = 7;
          fixed32 f32 = 8; fixed64 f64 = 9; sfixed32 sf32 = 10; sfixed64 sf64 = 11; bool flag = 12;
          float fl = 13; double db = 14; Color color = 15; Inner inner = 16;
          repeated int32 unpacked = 17; repeated int32 packed = 18 [packed = true];
          repeated string names = 19; repeated Inner items = 20; repeated Color colors = 21;
          map<string, Inner> by_name = 22; map<int32, string> by_id = 23;
          oneof choice { string alpha = 24; Inner beta = 25; }
          double ratio = 26 [default = 1.0];
          google.protobuf.Any extra = 27;
        }
      `,
    },
    {
      package: 'test.v3',
      syntax: 'proto3',
      source: `
        enum Level { LOW = 0; HIGH = 1; }
        message P3 {
          string s = 1; int64 count = 2; double mean = 3; float avg = 4; bool flag = 5; Level level = 6;
          repeated int64 values = 7; repeated double weights = 8; test.v2.Inner inner = 9; optional int32 opt = 10;
          bytes data = 11;
        }
      `,
    },
  ]);
  return registry;
}
