import { describeConformance } from './conformance-suite.js';

// TFDV's validate (103) and update_schema (42) conformance cases, data-driven (test/fixtures/conformance/tfdv/PROVENANCE.md).
describeConformance(['validate', 'update_schema']);
