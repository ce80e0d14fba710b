import { describeConformance } from '../anomalies/conformance-suite.js';

// TFDV's infer_schema conformance cases (25), data-driven (test/fixtures/conformance/tfdv/PROVENANCE.md).
describeConformance(['infer_schema']);
