import { describeConformance } from '../anomalies/conformance-suite.js';

// TFDV's drift (33) and skew (14) conformance cases: the L-infinity, normalized absolute
// difference and Jensen-Shannon metrics (within 1e-5) and skew/drift anomalies (tfdv.md §3.7, §4).
describeConformance(['drift', 'skew']);
