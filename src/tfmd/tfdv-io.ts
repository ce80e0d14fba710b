import { formatFromPath, readMessageFile, writeMessageFile } from './message-file.js';
import type { Anomalies, DatasetFeatureStatisticsList, Schema } from './types.js';

// TFDV's file helpers under their TypeScript names (load_schema_text -> loadSchemaText, ...), for
// notebook code moving from Python. Each is readMessageFile / writeMessageFile with the kind and
// the encoding TFDV's function implies, whatever the file's extension.

/** TFDV's `load_schema_text`: a Schema from a text-format file (schema.pbtxt). */
export function loadSchemaText(path: string): Promise<Schema> {
  return readMessageFile(path, 'Schema', { format: 'text' });
}

/** TFDV's `write_schema_text`: writes a Schema in text format (atomically). */
export function writeSchemaText(schema: Schema, path: string): Promise<void> {
  return writeMessageFile(path, 'Schema', schema, { format: 'text' });
}

/**
 * TFDV's `load_statistics`: a DatasetFeatureStatisticsList in the encoding its extension names
 * (`.pbtxt`/`.txt` text, `.json` proto3 JSON, `.pb` binary), binary when it names none (TFX's
 * extension-less outputs).
 */
export function loadStatistics(path: string): Promise<DatasetFeatureStatisticsList> {
  return readMessageFile(path, 'DatasetFeatureStatisticsList', { format: formatFromPath(path) ?? 'binary' });
}

/** TFDV's `load_stats_text`: statistics from a text-format file. */
export function loadStatsText(path: string): Promise<DatasetFeatureStatisticsList> {
  return readMessageFile(path, 'DatasetFeatureStatisticsList', { format: 'text' });
}

/** TFDV's `load_stats_binary`: statistics from a binary (serialized proto) file. */
export function loadStatsBinary(path: string): Promise<DatasetFeatureStatisticsList> {
  return readMessageFile(path, 'DatasetFeatureStatisticsList', { format: 'binary' });
}

/** TFDV's `write_stats_text`: writes statistics in text format (atomically). */
export function writeStatsText(statistics: DatasetFeatureStatisticsList, path: string): Promise<void> {
  return writeMessageFile(path, 'DatasetFeatureStatisticsList', statistics, { format: 'text' });
}

/** Writes statistics as a binary proto (what TFX's StatisticsGen writes as FeatureStats.pb). */
export function writeStatsBinary(statistics: DatasetFeatureStatisticsList, path: string): Promise<void> {
  return writeMessageFile(path, 'DatasetFeatureStatisticsList', statistics, { format: 'binary' });
}

/** TFDV's `load_anomalies_text`: Anomalies from a text-format file. */
export function loadAnomaliesText(path: string): Promise<Anomalies> {
  return readMessageFile(path, 'Anomalies', { format: 'text' });
}

/** TFDV's `load_anomalies_binary`: Anomalies from a binary file (TFX's SchemaDiff.pb). */
export function loadAnomaliesBinary(path: string): Promise<Anomalies> {
  return readMessageFile(path, 'Anomalies', { format: 'binary' });
}

/** TFDV's `write_anomalies_text`: writes Anomalies in text format (atomically). */
export function writeAnomaliesText(anomalies: Anomalies, path: string): Promise<void> {
  return writeMessageFile(path, 'Anomalies', anomalies, { format: 'text' });
}
