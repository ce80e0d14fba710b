/**
 * Names of the custom statistics datavet writes where TFDV's messages have no field, shared by the
 * statistics that write them and the report that shows them.
 */

/**
 * On a STRING feature whose value counts outgrew the exact counter's memory budget: the most any
 * count in top_values and rank_histogram may undercount. Values counted at or below it are not
 * listed (a value the sketch dropped may have had that count).
 */
export const TOP_VALUES_COUNT_ERROR = 'datavet/top_values_count_error';
