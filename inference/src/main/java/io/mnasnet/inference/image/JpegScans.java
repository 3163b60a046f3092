package io.mnasnet.inference.image;

/**
 * Counts the scans of a JPEG by walking its markers, without decoding anything. A progressive JPEG
 * is decoded scan by scan, each scan a pass over every block of the image; a scan can be a few
 * bytes long (an end-of-band run covers 32,767 blocks), so a 60 KB file of 1,000 scans over
 * 4096x4096 pixels cost 8-11 s of CPU in the JDK's decoder and 3-4 s in TensorFlow's, and one of 1
 * MB would cost minutes. Real encoders write 1 scan (baseline) or up to about a dozen (libjpeg's
 * progressive script writes 10 for colour, 6 for grey).
 *
 * <p>Walks as a decoder does: marker segments by their length, entropy-coded data up to the next
 * marker that is neither a stuffed {@code FF 00} nor a restart marker, bytes between segments
 * skipped. Linear in the length of the data; stops early once a count is known to be too many.
 */
final class JpegScans {
  private static final int MARKER = 0xFF;
  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int TEM = 0x01;
  private static final int RST0 = 0xD0;
  private static final int RST7 = 0xD7;

  private JpegScans() {}

  /**
   * The number of start-of-scan markers before the end of the image (or of the data), counting no
   * further than {@code enough + 1}.
   */
  static int count(byte[] data, int enough) {
    if (data.length < 2 || u8(data, 0) != MARKER || u8(data, 1) != SOI) {
      return 0;
    }
    int scans = 0;
    int at = 2;
    while (at + 1 < data.length) {
      if (u8(data, at) != MARKER) {
        at++; // bytes between segments: decoders skip them with a warning
        continue;
      }
      int marker = u8(data, at + 1);
      if (marker == MARKER) {
        at++; // fill byte before a marker
        continue;
      }
      at += 2;
      if (marker == EOI) {
        break;
      }
      if (marker == 0 || marker == TEM || (marker >= RST0 && marker <= RST7)) {
        continue; // markers without a segment
      }
      if (at + 1 >= data.length) {
        break;
      }
      int length = (u8(data, at) << 8) | u8(data, at + 1);
      if (length < 2) {
        break; // a decoder stops here too
      }
      at += length;
      if (marker == SOS) {
        scans++;
        if (scans > enough) {
          break;
        }
        at = endOfEntropyCodedData(data, at);
      }
    }
    return scans;
  }

  /** The offset of the first marker at or after {@code from} that ends a scan's data. */
  private static int endOfEntropyCodedData(byte[] data, int from) {
    int at = from;
    while (at + 1 < data.length) {
      if (u8(data, at) != MARKER) {
        at++;
        continue;
      }
      int next = u8(data, at + 1);
      if (next == 0 || (next >= RST0 && next <= RST7)) {
        at += 2; // a stuffed FF, or a restart marker inside the scan
      } else if (next == MARKER) {
        at++;
      } else {
        return at;
      }
    }
    return data.length;
  }

  private static int u8(byte[] data, int at) {
    return data[at] & 0xff;
  }
}
