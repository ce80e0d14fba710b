import { describeConformance } from '../anomalies/conformance-suite.js';

// TFDV's infer_schema conformance cases (25), data-driven (tfdv.md §4).
describeConformance(['infer_schema']);
