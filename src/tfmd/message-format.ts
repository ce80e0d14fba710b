/** On-disk encodings of a message (message files, the serializers, `datavet convert --to`). */
export const MESSAGE_FORMATS = ['binary', 'text', 'json'] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];
