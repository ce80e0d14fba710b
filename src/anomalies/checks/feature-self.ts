import { isFeatureDeprecated } from '../../environments/index.js';
import { clearDomain, domainFieldName, domainKind, getStringDomain } from '../../schema/index.js';
import type { Feature, Schema } from '../../tfmd/types.js';
import { allowedTypesOf } from '../../tfmd/vocabulary.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * Checks a schema feature against itself before looking at data (TFDV's UpdateFeatureSelf):
 * name and type present, sane presence / value counts / shape, a domain that fits the type and
 * exists, distribution constraints only on string domains. Fixes the feature in place
 * (deprecating it when nothing else helps). Deprecated features are skipped.
 */
export function checkFeatureSelf(feature: Feature, schema: Schema): Finding[] {
  const out: Finding[] = [];
  if (isFeatureDeprecated(feature)) return out;
  if (feature.name === undefined) {
    out.push(messages.missingName());
    feature.lifecycleStage = 'DEPRECATED';
    return out;
  }
  if (feature.type === undefined) {
    if (feature.domain !== undefined || feature.stringDomain !== undefined) {
      out.push(messages.missingTypeWithDomain());
      feature.type = 'BYTES';
    } else {
      out.push(messages.missingType());
      feature.lifecycleStage = 'DEPRECATED';
      return out;
    }
  }
  if ((feature.presence?.minFraction ?? 0) < 0) {
    delete (feature.presence as NonNullable<Feature['presence']>).minFraction;
    out.push(messages.invalidSchema('min_fraction should not be negative: clear is equal to zero'));
  }
  if ((feature.presence?.minFraction ?? 0) > 1) {
    (feature.presence as NonNullable<Feature['presence']>).minFraction = 1;
    out.push(messages.invalidSchema('min_fraction should not greater than 1'));
  }
  const vc = feature.valueCount;
  if (vc && (vc.min ?? 0) < 0) {
    delete vc.min;
    out.push(messages.invalidSchema('ValueCount.min should not be negative'));
  }
  if (vc && vc.max !== undefined && vc.max < (vc.min ?? 0)) {
    out.push(messages.invalidSchema('ValueCount.max should not be less than min'));
    vc.max = vc.min ?? 0;
  }
  (feature.valueCounts?.valueCount ?? []).forEach((level, i) => {
    if ((level.min ?? 0) < 0) {
      delete level.min;
      out.push(
        messages.invalidSchema(
          'ValueCounts.min should not be negative',
          `ValueCounts.min at level ${i} should not be negative.`,
        ),
      );
    }
    if (level.max !== undefined && level.max < (level.min ?? 0)) {
      level.max = level.min ?? 0;
      out.push(
        messages.invalidSchema(
          'ValueCounts.max should not be less than min',
          `ValueCounts.max at level ${i} should not be less than min.`,
        ),
      );
    }
  });
  if ((feature.shape?.dim ?? []).some((d) => (d.size ?? 0) <= 0)) {
    delete feature.shape;
    out.push(messages.invalidSchema('Shape.dim.size must be a positive integer'));
  }
  const type = feature.type ?? 'TYPE_UNKNOWN';
  if (!allowedTypesOf(domainKind(feature)).includes(type)) {
    out.push(messages.domainInvalidForType(domainFieldName(domainKind(feature)), type));
    clearDomain(feature);
  }
  const constraintsNotSupported = (what: string) => {
    if (feature.distributionConstraints !== undefined) {
      delete feature.distributionConstraints;
      out.push(messages.invalidSchema(what));
    }
  };
  switch (domainKind(feature)) {
    case 'domain':
      if (!getStringDomain(schema, feature.domain ?? '')) {
        const name = feature.domain ?? '';
        delete feature.domain;
        out.push(messages.missingStringDomain(name));
      }
      break;
    case 'boolDomain': {
      constraintsNotSupported('distribution constraints not supported for bool domains.');
      // TFDV repairs equal true/false values but drops the finding it builds for it.
      const b = feature.boolDomain as NonNullable<Feature['boolDomain']>;
      if (b.trueValue !== undefined && b.falseValue !== undefined && b.trueValue === b.falseValue) delete b.falseValue;
      break;
    }
    case 'intDomain':
      constraintsNotSupported('distribution constraints not supported for int domains.');
      break;
    case 'floatDomain':
      constraintsNotSupported('distribution constraints not supported for float domains.');
      break;
    case 'stringDomain': {
      // Duplicates are removed silently (TFDV discards the finding here too).
      const d = feature.stringDomain as NonNullable<Feature['stringDomain']>;
      if (d.value) d.value = [...new Set(d.value)];
      break;
    }
    case 'structDomain':
      constraintsNotSupported('distribution constraints not supported for struct domains.');
      break;
    case 'naturalLanguageDomain':
    case 'imageDomain':
    case 'midDomain':
    case 'urlDomain':
    case 'timeDomain':
      constraintsNotSupported('distribution constraints not supported for semantic domains.');
      break;
    case undefined:
      constraintsNotSupported('distribution constraints require domain or string domain.');
      break;
    default:
      out.push(messages.unknownDomain());
      clearDomain(feature);
  }
  return out;
}
