/**
 * Where a complaint's events live: one stream per complaint.
 *
 * @example
 * streamIdOf('c-1'); // 'complaint-c-1'
 */
export const DEFAULT_STREAM_PREFIX = 'complaint-';

/** The stream of a complaint, under a prefix (default `complaint-`). */
export const streamIdOf = (complaintId: string, prefix: string = DEFAULT_STREAM_PREFIX): string => `${prefix}${complaintId}`;

/** The complaint id of a stream, if the stream is one of ours under the prefix. */
export const complaintIdOf = (streamId: string, prefix: string = DEFAULT_STREAM_PREFIX): string | undefined =>
  streamId.startsWith(prefix) && streamId.length > prefix.length ? streamId.slice(prefix.length) : undefined;
