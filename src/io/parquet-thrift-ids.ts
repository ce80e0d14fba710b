/**
 * Field ids and enum values of parquet.thrift (the Apache Parquet format's Thrift definition) that
 * the footer reader, the column projection and our decoder use: declared once here, by struct.
 */

export const FileMetaData = {
  SCHEMA: 2,
  NUM_ROWS: 3,
  ROW_GROUPS: 4,
  KEY_VALUE_METADATA: 5,
  COLUMN_ORDERS: 7,
  ENCRYPTION_ALGORITHM: 8,
} as const;

export const KeyValue = { KEY: 1, VALUE: 2 } as const;

export const SchemaElement = {
  TYPE: 1,
  REPETITION_TYPE: 3,
  NAME: 4,
  NUM_CHILDREN: 5,
  CONVERTED_TYPE: 6,
  LOGICAL_TYPE: 10,
} as const;

export const RowGroup = {
  COLUMNS: 1,
  TOTAL_BYTE_SIZE: 2,
  NUM_ROWS: 3,
  SORTING_COLUMNS: 4,
  FILE_OFFSET: 5,
  TOTAL_COMPRESSED_SIZE: 6,
  ORDINAL: 7,
} as const;

export const ColumnChunk = {
  FILE_PATH: 1,
  FILE_OFFSET: 2,
  META_DATA: 3,
  /** Offset and column index offsets and lengths: page indexes live outside the row group's chunks. */
  PAGE_INDEX: new Set([4, 5, 6, 7]),
  /** Crypto metadata and the encrypted column metadata. */
  CRYPTO: new Set([8, 9]),
} as const;

export const ColumnMetaData = {
  TYPE: 1,
  ENCODINGS: 2,
  CODEC: 4,
  NUM_VALUES: 5,
  TOTAL_UNCOMPRESSED_SIZE: 6,
  TOTAL_COMPRESSED_SIZE: 7,
  DATA_PAGE_OFFSET: 9,
  INDEX_PAGE_OFFSET: 10,
  DICTIONARY_PAGE_OFFSET: 11,
  /** Bloom filter offset and length: the filter may sit anywhere in the file. */
  BLOOM_FILTER: new Set([14, 15]),
} as const;

export const PageHeader = {
  TYPE: 1,
  UNCOMPRESSED_PAGE_SIZE: 2,
  COMPRESSED_PAGE_SIZE: 3,
  DATA_PAGE_HEADER: 5,
  DICTIONARY_PAGE_HEADER: 7,
  DATA_PAGE_HEADER_V2: 8,
} as const;

export const PageType = { DATA_PAGE: 0, INDEX_PAGE: 1, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 } as const;

export const Encoding = { PLAIN: 0, PLAIN_DICTIONARY: 2, RLE: 3, BIT_PACKED: 4, RLE_DICTIONARY: 8 } as const;

export const FieldRepetitionType = { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 } as const;

export const DictionaryPageHeader = { NUM_VALUES: 1, ENCODING: 2 } as const;

export const DataPageHeader = { NUM_VALUES: 1, ENCODING: 2, DEFINITION_LEVEL_ENCODING: 3 } as const;

export const DataPageHeaderV2 = {
  NUM_VALUES: 1,
  NUM_NULLS: 2,
  ENCODING: 4,
  DEFINITION_LEVELS_BYTE_LENGTH: 5,
  REPETITION_LEVELS_BYTE_LENGTH: 6,
} as const;
