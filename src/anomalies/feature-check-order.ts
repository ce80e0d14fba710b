import { isFeatureDeprecated, isFeatureInEnvironment } from '../environments/index.js';
import {
  clearDomain,
  domainKind,
  type FeatureStatsView,
  getStringDomain,
  markDeprecated,
  serializePath,
} from '../schema/index.js';
import type { DriftSkewInfo, Feature, Schema } from '../tfmd/types.js';
import type { DomainKey } from '../tfmd/vocabulary.js';
import { adoptSemanticDomain, featureDebugString } from './_feature-text.js';
import { checkBoolDomain } from './checks/bool-domain.js';
import { checkComparator } from './checks/comparators.js';
import { checkFeatureSelf } from './checks/feature-self.js';
import { checkFloatDomain } from './checks/float-domain.js';
import { checkImageDomain } from './checks/image-domain.js';
import { checkIntDomain } from './checks/int-domain.js';
import { checkNaturalLanguageDomain } from './checks/natural-language-domain.js';
import { checkPresence } from './checks/presence.js';
import { checkShape } from './checks/shape.js';
import { checkStringDomain, maxOffDomain } from './checks/string-domain.js';
import { checkUniqueConstraints } from './checks/unique-constraints.js';
import { checkValueCounts } from './checks/value-counts.js';
import type { Finding } from './finding.js';
import { messages } from './messages.js';

/** What one step of checking a feature works on. Steps fix `feature` in place for the data they saw. */
export interface FeatureCheckContext {
  readonly view: FeatureStatsView;
  readonly feature: Feature;
  /** The working schema (schema-level string domains live here). */
  readonly schema: Schema;
  /** Clear a string domain once it reaches this many values. */
  readonly enumDeleteThreshold: number | undefined;
  /** Findings so far, in order; each step appends its own. */
  readonly out: Finding[];
  /** The drift and skew measurements of the feature. */
  readonly info: DriftSkewInfo;
  /** Whether the schema requires the feature in the view's environment. */
  isExistenceRequired(): boolean;
  /** Drops a schema-level string domain and every reference to it. */
  removeStringDomain(name: string): void;
}

/** One check of a feature: `'stop'` ends the feature's checks (TFDV returns early there). */
export interface FeatureCheckStep {
  readonly name: string;
  readonly run: (ctx: FeatureCheckContext) => 'stop' | undefined;
}

/** Appends a domain check's findings and clears the domain when the check says it is beyond repair. */
function applyDomainResult(ctx: FeatureCheckContext, result: { findings: Finding[]; clear: boolean }): void {
  ctx.out.push(...result.findings);
  if (result.clear) clearDomain(ctx.feature);
}

/**
 * The check of each `domain_info` member against the values (TFDV's per-domain updaters); members
 * not listed (mid, url, time, time of day, struct: checked through its children) have nothing to check.
 */
export const DOMAIN_CHECKS: Readonly<Partial<Record<DomainKey | 'none', (ctx: FeatureCheckContext) => void>>> = {
  domain(ctx) {
    const name = ctx.feature.domain ?? '';
    const domain = getStringDomain(ctx.schema, name);
    if (!domain) return;
    const maxOff = maxOffDomain(ctx.feature.distributionConstraints);
    const result = checkStringDomain(ctx.view, maxOff, domain, ctx.enumDeleteThreshold);
    ctx.out.push(...result.findings);
    // A schema-level domain is shared: clearing it removes it for every feature referring to it.
    if (result.clear) ctx.removeStringDomain(name);
  },
  boolDomain: (ctx) => ctx.out.push(...checkBoolDomain(ctx.view, ctx.feature)),
  intDomain: (ctx) => applyDomainResult(ctx, checkIntDomain(ctx.view, ctx.feature.intDomain ?? {})),
  floatDomain: (ctx) => applyDomainResult(ctx, checkFloatDomain(ctx.view, ctx.feature.floatDomain ?? {})),
  stringDomain(ctx) {
    const maxOff = maxOffDomain(ctx.feature.distributionConstraints);
    applyDomainResult(
      ctx,
      checkStringDomain(ctx.view, maxOff, ctx.feature.stringDomain ?? {}, ctx.enumDeleteThreshold),
    );
  },
  imageDomain: (ctx) => ctx.out.push(...checkImageDomain(ctx.view, ctx.feature)),
  naturalLanguageDomain: (ctx) => ctx.out.push(...checkNaturalLanguageDomain(ctx.view, ctx.feature)),
  // No domain yet: statistics that show a semantic domain (e.g. natural language) give it one.
  none(ctx) {
    if (adoptSemanticDomain(ctx.view, ctx.feature)) ctx.out.push(messages.semanticDomainUpdate(ctx.feature.name ?? ''));
  },
};

/** Domains that describe bytes, so a BYTES feature may keep them. */
const BYTES_DOMAINS: ReadonlySet<DomainKey> = new Set(['naturalLanguageDomain', 'imageDomain', 'urlDomain']);

/**
 * The checks of one schema feature against its statistics, in TFDV's order (the order decides
 * which finding comes first and which fix later checks see). Adding a check is one row here.
 */
export const FEATURE_CHECK_ORDER: readonly FeatureCheckStep[] = [
  {
    name: 'the feature itself',
    run(ctx) {
      ctx.out.push(...checkFeatureSelf(ctx.feature, ctx.schema));
      return isFeatureDeprecated(ctx.feature) ? 'stop' : undefined;
    },
  },
  {
    name: 'no values at all',
    run(ctx) {
      if (ctx.view.numPresent() !== 0) return undefined;
      if (ctx.isExistenceRequired()) {
        ctx.out.push(messages.notPresent());
        markDeprecated(ctx.feature);
      }
      return 'stop';
    },
  },
  {
    name: 'environment',
    run({ view, feature, schema, out }) {
      if (isFeatureInEnvironment(feature, schema, view.environment)) return undefined;
      const env = view.environment as string;
      if (feature.notInEnvironment?.includes(env))
        feature.notInEnvironment = feature.notInEnvironment.filter((e) => e !== env);
      if (!isFeatureInEnvironment(feature, schema, env))
        feature.inEnvironment = [...(feature.inEnvironment ?? []), env];
      out.push(messages.newColumnInEnvironment(serializePath(view.path), env));
    },
  },
  {
    name: 'value counts',
    run: ({ view, feature, out }) => {
      if (feature.valueCount || feature.valueCounts) out.push(...checkValueCounts(view, feature));
    },
  },
  {
    name: 'shape',
    run: ({ view, feature, out }) => {
      if (feature.shape) out.push(...checkShape(view, feature));
    },
  },
  {
    name: 'presence',
    run: ({ view, feature, out }) => {
      if (feature.presence) out.push(...checkPresence(view, feature.presence));
    },
  },
  {
    name: 'type',
    run({ view, feature, out }) {
      if (view.featureType() !== (feature.type ?? 'TYPE_UNKNOWN')) {
        markDeprecated(feature);
        out.push(messages.unexpectedDataType(feature.type ?? 'TYPE_UNKNOWN', view.type));
      }
    },
  },
  {
    name: 'a domain on bytes',
    run({ view, feature, out }) {
      const kind = domainKind(feature);
      if (view.type === 'BYTES' && kind !== undefined && !BYTES_DOMAINS.has(kind)) {
        clearDomain(feature);
        out.push(messages.bytesWithDomain(featureDebugString(feature)));
      }
    },
  },
  {
    name: 'domain',
    run(ctx) {
      DOMAIN_CHECKS[domainKind(ctx.feature) ?? 'none']?.(ctx);
    },
  },
  {
    name: 'unique constraints',
    run: ({ view, feature, out }) => {
      if (feature.uniqueConstraints) out.push(...checkUniqueConstraints(view, feature));
    },
  },
  {
    name: 'drift and skew comparators',
    run({ view, feature, out, info }) {
      for (const kind of ['drift', 'skew'] as const) {
        const comparator = kind === 'drift' ? feature.driftComparator : feature.skewComparator;
        if (!comparator) continue;
        const result = checkComparator(view, kind, comparator);
        out.push(...result.findings);
        if (result.measurements.length > 0) {
          info.path = { step: [...view.path] };
          if (kind === 'drift') info.driftMeasurements = [...(info.driftMeasurements ?? []), ...result.measurements];
          else info.skewMeasurements = [...(info.skewMeasurements ?? []), ...result.measurements];
        }
      }
    },
  },
  {
    name: 'validation-derived source',
    run({ view, feature, out }) {
      const derived = view.data.validationDerivedSource;
      if (derived && !feature.validationDerivedSource) {
        feature.lifecycleStage = 'VALIDATION_DERIVED';
        feature.validationDerivedSource = structuredClone(derived);
        out.push(messages.derivedSourceNotSet());
      }
      if (
        feature.validationDerivedSource &&
        feature.lifecycleStage !== 'VALIDATION_DERIVED' &&
        !isFeatureDeprecated(feature)
      ) {
        feature.lifecycleStage = 'VALIDATION_DERIVED';
        out.push(messages.derivedBadLifecycle());
      }
    },
  },
];
