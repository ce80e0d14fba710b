import type { FeatureStatsView } from '../../schema/index.js';
import type { Feature } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

/**
 * Image checks (TFDV's UpdateImageDomain): the share of decodable images from the
 * `image_format_histogram` custom statistic ("UNKNOWN" = unsupported) against
 * `minimum_supported_image_fraction`, and the largest value against `max_image_byte_size`.
 * Fixes lower / raise the thresholds. Without the histogram the fraction is not checked.
 */
export function checkImageDomain(view: FeatureStatsView, feature: Feature): Finding[] {
  const out: Finding[] = [];
  feature.imageDomain ??= {};
  const domain = feature.imageDomain;
  if (domain.minimumSupportedImageFraction !== undefined) {
    const histogram = view.customStat('image_format_histogram');
    if (histogram) {
      let supported = 0;
      let unsupported = 0;
      for (const b of histogram.rankHistogram?.buckets ?? []) {
        if ((b.label ?? '') === 'UNKNOWN') unsupported = Math.fround(unsupported + (b.sampleCount ?? 0));
        else supported = Math.fround(supported + (b.sampleCount ?? 0));
      }
      const fraction = Math.fround(supported / (supported + unsupported));
      const threshold = Math.fround(domain.minimumSupportedImageFraction);
      if (fraction < threshold) {
        domain.minimumSupportedImageFraction = fraction;
        out.push(messages.lowImageFraction(fraction, threshold));
      }
    }
  }
  if (domain.maxImageByteSize !== undefined) {
    const maxBytes = view.data.bytesStats?.maxNumBytesInt ?? 0;
    if (maxBytes > domain.maxImageByteSize) {
      const allowed = domain.maxImageByteSize;
      domain.maxImageByteSize = maxBytes;
      out.push(messages.imageTooLarge(maxBytes, allowed));
    }
  }
  return out;
}
