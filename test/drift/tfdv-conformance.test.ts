import { describeConformance } from '../anomalies/conformance-suite.js';

// TFDV's drift (33) and skew (14) conformance cases: the L-infinity, normalized absolute
// difference and Jensen-Shannon metrics (within 1e-5) and skew/drift anomalies (docs/drift.md).
describeConformance(['drift', 'skew']);
