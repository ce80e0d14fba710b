/** The real columns of test/fixtures/drift (see its PROVENANCE.md) as statistics. */
import { fileURLToPath } from 'node:url';
import type { DatasetFeatureStatisticsList, FeatureNameStatistics } from '../../../src/tfmd/types.js';
import { categoricalFeature, numbers, numericFeature, readColumns, statisticsList } from './statistics-from-columns.js';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/drift/${name}`, import.meta.url));

export interface TaxiSplit {
  readonly rows: number;
  readonly columns: Record<string, (string | undefined)[]>;
  readonly features: Record<
    'fare' | 'trip_miles' | 'trip_start_hour' | 'payment_type' | 'company',
    FeatureNameStatistics
  >;
  readonly list: DatasetFeatureStatisticsList;
}

function taxi(split: 'train' | 'eval'): TaxiSplit {
  const columns = readColumns(fixturePath(`chicago_taxi_${split}.csv`));
  const rows = columns.fare!.length;
  const features = {
    fare: numericFeature('fare', numbers(columns.fare!)),
    trip_miles: numericFeature('trip_miles', numbers(columns.trip_miles!)),
    trip_start_hour: numericFeature('trip_start_hour', numbers(columns.trip_start_hour!)),
    payment_type: categoricalFeature('payment_type', columns.payment_type!),
    company: categoricalFeature('company', columns.company!),
  };
  return { rows, columns, features, list: statisticsList(rows, Object.values(features)) };
}

let cached: { train: TaxiSplit; eval: TaxiSplit } | undefined;

/** Chicago taxi train (10,000 rows) and eval (5,000 rows). */
export function chicagoTaxi(): { train: TaxiSplit; eval: TaxiSplit } {
  cached ??= { train: taxi('train'), eval: taxi('eval') };
  return cached;
}

/** Titanic passengers split by port: Southampton (644) versus Cherbourg and Queenstown (245). */
export function titanicByPort(): {
  southampton: Record<string, FeatureNameStatistics>;
  others: Record<string, FeatureNameStatistics>;
  columns: Record<string, (string | undefined)[]>;
} {
  const columns = readColumns(fixturePath('titanic.csv'));
  const town = columns.embark_town!;
  const side = (keep: (t: string | undefined) => boolean) => {
    const pick = (c: string) => columns[c]!.filter((_, i) => keep(town[i]));
    return {
      sex: categoricalFeature('sex', pick('sex')),
      alone: categoricalFeature('alone', pick('alone')),
      pclass: numericFeature('pclass', numbers(pick('pclass'))),
      age: numericFeature('age', numbers(pick('age'))),
      fare: numericFeature('fare', numbers(pick('fare'))),
    };
  };
  return {
    southampton: side((t) => t === 'Southampton'),
    others: side((t) => t === 'Cherbourg' || t === 'Queenstown'),
    columns,
  };
}
