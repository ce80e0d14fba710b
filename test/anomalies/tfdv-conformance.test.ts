import { describeConformance } from './conformance-suite.js';

// TFDV's validate (103) and update_schema (42) conformance cases, data-driven (tfdv.md §4).
describeConformance(['validate', 'update_schema']);
