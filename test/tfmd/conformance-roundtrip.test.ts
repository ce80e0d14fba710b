import { describe, expect, it } from 'vitest';
import {
  decodeBinary,
  encodeBinary,
  fromJson,
  messagesDiff,
  parseTextFormat,
  printTextFormat,
  toJsonString,
} from '../../src/tfmd/index.js';
import { conformanceTextprotos } from './conformance-textprotos.js';

const textprotos = conformanceTextprotos();

describe('every textproto of the TFDV conformance cases', () => {
  it('walks all of them', () => {
    const byType = new Map<string, number>();
    for (const t of textprotos) byType.set(t.messageName, (byType.get(t.messageName) ?? 0) + 1);
    console.log(
      `TFDV conformance textprotos walked: ${textprotos.length} (${[...byType].map(([k, n]) => `${k} ${n}`).join(', ')})`,
    );
    expect(textprotos.length).toBeGreaterThan(650);
  });

  it('parse, print, re-parse to an equal message, and survive text -> binary -> JSON -> text', () => {
    const failures: string[] = [];
    let canonical = 0;
    for (const t of textprotos) {
      const label = `${t.caseId} ${t.where} (${t.messageName})`;
      try {
        const message = parseTextFormat(t.messageName, t.text);
        const printed = printTextFormat(t.messageName, message);
        const reparsed = parseTextFormat(t.messageName, printed);
        const diff = messagesDiff(t.messageName, message, reparsed);
        if (diff.length > 0) failures.push(`${label}: re-parse differs: ${diff.join('; ')}`);
        const viaBinary = decodeBinary(t.messageName, encodeBinary(t.messageName, message));
        const viaJson = fromJson(t.messageName, toJsonString(t.messageName, viaBinary));
        const text = printTextFormat(t.messageName, viaJson);
        if (text !== printed) failures.push(`${label}: text -> binary -> JSON -> text changed it`);
        const roundDiff = messagesDiff(t.messageName, message, viaJson);
        if (roundDiff.length > 0) failures.push(`${label}: round trip differs: ${roundDiff.join('; ')}`);
        // The cases were printed by Python's text_format: ours must print them identically.
        if (t.text.endsWith('\n') || t.text === '') {
          canonical++;
          if (printed !== t.text) failures.push(`${label}: printed text differs from the TFDV-printed original`);
        }
      } catch (error) {
        failures.push(`${label}: ${(error as { describe?: () => string }).describe?.() ?? String(error)}`);
      }
    }
    console.log(`byte-identical to the TFDV-printed text: ${canonical} of ${textprotos.length}`);
    expect(failures).toEqual([]);
  });
});
