// Regenerates src/tfmd/types.ts from the descriptors (npm run generate:tfmd-types).
import { writeFileSync } from 'node:fs';
import { renderTfmdTypes } from '../../src/tfmd/render-types.js';

const target = new URL('../../src/tfmd/types.ts', import.meta.url);
writeFileSync(target, renderTfmdTypes());
console.log(`wrote ${target.pathname}`);
