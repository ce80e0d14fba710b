import type { RecordBatch } from 'apache-arrow/recordbatch';
import type { DatasetFeatureStatisticsList } from '../tfmd/types.js';
import { StatisticsAccumulator } from './statistics-accumulator.js';
import type { StatisticsOptions } from './statistics-options.js';

/**
 * TFDV's statistics (BasicStats + top-k/uniques, weighted and sliced as configured) of a stream
 * of Arrow record batches, in memory bounded per feature regardless of the number of rows.
 */
export async function generateStatistics(
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  options: StatisticsOptions = {},
): Promise<DatasetFeatureStatisticsList> {
  const acc = new StatisticsAccumulator(options);
  for await (const batch of batches) acc.add(batch);
  return acc.finish();
}
