/**
 * Serving benchmark: requests built from the 100 Chicago taxi serving rows (17 features),
 * validated against the schema TFX inferred from the training data (SERVING environment).
 * Compares, in one run on one core: datavet's generated validator (validate / isValid), the
 * closure-only variant, ajv on the JSON Schema datavet compiles, and plain ajv with a
 * hand-written equivalent JSON Schema. Then the HTTP sidecar as a whole process under load from
 * another (test/bench/sidecar.bench.ts, also `npm run bench -- sidecar`). Figures go to
 * docs/benchmarks.md ("Serving").
 */
import { Ajv } from 'ajv';
import { toJsonSchema } from '../../src/serving/json-schema.js';
import { createRequestFolder } from '../../src/serving/request-folder.js';
import { createRequestValidator } from '../../src/serving/request-validator.js';
import type { Schema } from '../../src/tfmd/types.js';
import { breakOneInTen, chicagoSchema, chicagoServingRequests } from '../helpers/serving-requests.js';

/** Requests arrive as JSON: give them the object shapes JSON.parse makes. */
function asParsedJson(requests: Record<string, unknown>[]): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(requests)) as Record<string, unknown>[];
}

/** The JSON Schema a developer would write by hand for these requests. */
function handWrittenJsonSchema(schema: Schema): object {
  const domain = (name: string) => schema.stringDomain?.find((d) => d.name === name)?.value ?? [];
  const one = (item: object) => ({ anyOf: [item, { type: 'array', items: item, minItems: 1, maxItems: 1 }] });
  const any = (item: object) => ({ anyOf: [item, { type: 'array', items: item }] });
  const int = { type: 'integer' };
  const num = { type: 'number' };
  const properties = {
    company: any({ type: 'string', enum: domain('company') }),
    payment_type: one({ type: 'string', enum: domain('payment_type') }),
    dropoff_census_tract: any(int),
    dropoff_community_area: any(int),
    dropoff_latitude: any(num),
    dropoff_longitude: any(num),
    fare: one(num),
    pickup_census_tract: any(int),
    pickup_community_area: any(int),
    pickup_latitude: any(num),
    pickup_longitude: any(num),
    trip_miles: one(num),
    trip_seconds: any(int),
    trip_start_day: one(int),
    trip_start_hour: one(int),
    trip_start_month: one(int),
    trip_start_timestamp: one(int),
  };
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

type Check = (request: unknown) => unknown;

type Loop = (check: Check, requests: readonly unknown[], calls: number) => number;

/**
 * A fresh copy of the timing loop per contender, so each gets its own monomorphic call site
 * (a shared loop would turn `check(...)` megamorphic and slow every contender after the first).
 */
function makeThroughputLoop(): Loop {
  return new Function(
    'check',
    'requests',
    'calls',
    `const n = requests.length; let sink = 0;
     const start = process.hrtime.bigint();
     for (let i = 0; i < calls; i++) if (check(requests[i % n])) sink++;
     const ns = Number(process.hrtime.bigint() - start);
     if (sink < 0) throw new Error('unreachable');
     return (calls / ns) * 1e9;`,
  ) as Loop;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function latency(check: Check, requests: readonly unknown[], calls: number): { p50: number; p99: number } {
  const samples = new Float64Array(calls);
  const n = requests.length;
  for (let i = 0; i < calls; i++) {
    const request = requests[i % n];
    const start = process.hrtime.bigint();
    check(request);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const fmtRate = (r: number) => `${(r / 1e6).toFixed(2)} M/s`;
const fmtNs = (ns: number) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${Math.round(ns)} ns`);

async function benchInProcess(): Promise<void> {
  const schema = chicagoSchema();
  const valid = asParsedJson(chicagoServingRequests(schema));
  const mixed = asParsedJson(breakOneInTen(valid));
  const generated = createRequestValidator(schema, { environment: 'SERVING' });
  const closures = createRequestValidator(schema, { environment: 'SERVING', codegen: false });
  const ajv = new Ajv({ allErrors: false });
  const ajvCompiled = ajv.compile(toJsonSchema(schema, { environment: 'SERVING' }) as object);
  const ajvHand = new Ajv({ allErrors: false }).compile(handWrittenJsonSchema(schema));

  // The contenders must agree before their speed means anything.
  for (const request of [...valid, ...mixed]) {
    const expected = generated.isValid(request);
    if (ajvHand(request) !== expected || ajvCompiled(request) !== expected || closures.isValid(request) !== expected) {
      throw new Error(`validators disagree on ${JSON.stringify(request)}`);
    }
  }
  const failing = mixed.filter((r) => !generated.isValid(r)).length;

  const contenders: [string, Check][] = [
    ['datavet validate() (generated)', (r) => generated.validate(r).length === 0],
    ['datavet isValid() (generated)', generated.isValid],
    ['datavet validate() (closures)', (r) => closures.validate(r).length === 0],
    ['ajv, JSON Schema compiled by datavet', ajvCompiled],
    ['ajv, hand-written JSON Schema', ajvHand],
  ];
  const calls = 1_000_000;
  const rounds = 5;
  const rates = new Map<string, { valid: number[]; mixed: number[] }>(
    contenders.map(([name]) => [name, { valid: [], mixed: [] }]),
  );
  const loops = new Map(
    contenders.map(([name]) => [name, { valid: makeThroughputLoop(), mixed: makeThroughputLoop() }]),
  );
  for (const [name, check] of contenders) loops.get(name)?.valid(check, valid, 200_000); // warm-up
  // Rounds interleave the contenders so that noise from other processes hits all of them alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, check] of contenders) {
      const loop = loops.get(name);
      if (!loop) continue;
      rates.get(name)?.valid.push(loop.valid(check, valid, calls));
      rates.get(name)?.mixed.push(loop.mixed(check, mixed, calls));
    }
  }
  const timerOverhead = latency(() => 0, valid, 200_000);
  console.log(`\nServing: ${valid.length} Chicago taxi serving requests (17 features), SERVING environment, one core`);
  console.log(
    `mixed traffic: ${failing} of ${mixed.length} requests invalid; latency includes ~${fmtNs(timerOverhead.p50)} of timer overhead\n`,
  );
  console.log('| validator | valid requests/s | mixed requests/s | p50 | p99 |');
  console.log('|---|---|---|---|---|');
  const ajvRate = median(rates.get('ajv, hand-written JSON Schema')?.valid ?? []);
  for (const [name, check] of contenders) {
    const r = rates.get(name) ?? { valid: [], mixed: [] };
    const lat = latency(check, valid, 200_000);
    console.log(
      `| ${name} | ${fmtRate(median(r.valid))} | ${fmtRate(median(r.mixed))} | ${fmtNs(lat.p50)} | ${fmtNs(lat.p99)} |`,
    );
  }
  const ours = median(rates.get('datavet validate() (generated)')?.valid ?? []);
  console.log(`\ndatavet validate() / plain ajv: ${(ours / ajvRate).toFixed(2)}x (target >= 0.8x, >= 1M/s)`);
  const invalidLatency = latency(
    (r) => generated.validate(r),
    mixed.filter((r) => !generated.isValid(r)),
    100_000,
  );
  console.log(
    `datavet validate() on invalid requests (anomalies built): p50 ${fmtNs(invalidLatency.p50)}, p99 ${fmtNs(invalidLatency.p99)}`,
  );
}

/** Folding requests into serving statistics (createRequestFolder): requests/s and the snapshot cost. */
function benchFolding(): void {
  const schema = chicagoSchema();
  const requests = asParsedJson(chicagoServingRequests(schema));
  const features = createRequestValidator(schema, { environment: 'SERVING' }).features.map((f) => f.name);
  const total = 200_000;
  console.log('\nServing statistics: folding the Chicago serving requests (17 features) into the accumulator');
  console.log('| batch size | folded requests/s | statistics() snapshot |');
  console.log('|---|---|---|');
  for (const batchSize of [64, 256, 1024]) {
    const folder = createRequestFolder({ schema, features, batchSize });
    const start = performance.now();
    for (let i = 0; i < total; i++) folder.add(requests[i % requests.length]);
    folder.flush();
    const seconds = (performance.now() - start) / 1000;
    const snapStart = performance.now();
    folder.statistics();
    const snapshot = performance.now() - snapStart;
    console.log(
      `| ${batchSize} | ${Math.round(total / seconds).toLocaleString('en-US')} | ${snapshot.toFixed(1)} ms |`,
    );
  }
}

export async function run(): Promise<void> {
  await benchInProcess();
  benchFolding();
  // The HTTP sidecar, whole processes with a separate load generator (test/bench/sidecar.bench.ts).
  await (await import('./sidecar.bench.js')).run();
}
