package io.mnasnet.inference.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Images built to cost a decoder as much as possible for their size, byte by byte, so that tests
 * can show each one refused or bounded: headers that lie about the size, a progressive JPEG of
 * thousands of scans, PNGs whose compressed data inflates a thousand times. Every one is a valid
 * file as far as the format goes (decoders accept them), which is what makes them dangerous.
 */
public final class HostileImages {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** PNG colour type of 8- or 16-bit grey. */
  public static final int GREY = 0;

  /** PNG colour type of RGB with alpha. */
  public static final int RGBA = 6;

  private HostileImages() {}

  /**
   * A PNG whose header claims {@code width x height} pixels but whose data is a few zero bytes: a
   * 60-byte file announcing gigabytes.
   */
  public static byte[] pngClaiming(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(width, height, 8, GREY));
    // zlib stream of a few zero bytes: a fragment of the first row
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A complete PNG of {@code width x height} black pixels of {@code bitDepth} bits in colour type
   * {@code colourType} ({@link #GREY} or {@link #RGBA}), compressed as hard as zlib can: the pixel
   * data inflates about 1000x (4096x4096 16-bit RGBA is 128 MB from 130 KB).
   */
  public static byte[] pngOfZeros(int width, int height, int bitDepth, int colourType) {
    int channels = colourType == RGBA ? 4 : 1;
    long rowBytes = 1 + (long) width * channels * bitDepth / 8;
    if (rowBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rows of " + rowBytes + " bytes are too long to build");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(width, height, bitDepth, colourType));
    byte[] row = new byte[(int) rowBytes]; // filter type 0, then zeros
    chunk(out, "IDAT", deflate(row, height));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A 64x64 grey PNG carrying, before its pixels, a {@code zTXt} text chunk that inflates to {@code
   * megabytes} MB of zeros (1000 MB from 1 MB).
   */
  public static byte[] pngWithCompressedText(int megabytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PNG_SIGNATURE);
    chunk(out, "IHDR", ihdr(64, 64, 8, GREY));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    text.writeBytes("Comment".getBytes(StandardCharsets.US_ASCII));
    text.write(0); // end of keyword
    text.write(0); // compression method: zlib
    text.writeBytes(deflate(new byte[1 << 20], megabytes));
    chunk(out, "zTXt", text.toByteArray());
    chunk(out, "IDAT", deflate(new byte[1 + 64], 64));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A progressive greyscale JPEG of {@code width x height} pixels with a DC scan followed by {@code
   * acScans} AC scans, each made of end-of-band runs only (a few bytes that make the decoder visit
   * every block of the image). Decoders accept it, with a warning about the progression, and decode
   * it to a black image; its cost grows with {@code acScans x width x height}.
   */
  public static byte[] progressiveJpeg(int width, int height, int acScans) {
    if (width < 1 || height < 1 || width > 65535 || height > 65535) {
      throw new IllegalArgumentException("a JPEG is 1..65535 pixels wide and high");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8); // SOI
    ByteArrayOutputStream quantisation = new ByteArrayOutputStream();
    quantisation.write(0); // 8-bit table 0
    for (int i = 0; i < 64; i++) {
      quantisation.write(1);
    }
    segment(out, 0xDB, quantisation.toByteArray());
    // SOF2 (progressive): 8 bits, height, width, one component (id 1, 1x1 sampling, table 0)
    segment(out, 0xC2, new byte[] {8, hi(height), lo(height), hi(width), lo(width), 1, 1, 0x11, 0});
    // DC table 0: one 1-bit code for category 0; AC table 0: one 1-bit code for EOB run class 14
    segment(out, 0xC4, huffmanTable(0x00, 0x00));
    segment(out, 0xC4, huffmanTable(0x10, 0xE0));
    int blocks = ((width + 7) / 8) * ((height + 7) / 8);
    // DC first scan: component 1, tables 0/0, Ss=0, Se=0, Ah/Al=0; every block's DC change is 0
    segment(out, 0xDA, new byte[] {1, 1, 0x00, 0, 0, 0});
    BitWriter dc = new BitWriter(out);
    for (int i = 0; i < blocks; i++) {
      dc.write(0, 1);
    }
    dc.flush();
    for (int scan = 0; scan < acScans; scan++) {
      // AC first scan over coefficients 1..63: end-of-band runs of 16384 + 14 extra bits each
      segment(out, 0xDA, new byte[] {1, 1, 0x00, 1, 63, 0});
      BitWriter ac = new BitWriter(out);
      int remaining = blocks;
      while (remaining > 0) {
        int run = Math.min(32767, Math.max(16384, remaining));
        ac.write(0, 1);
        ac.write(run - 16384, 14);
        remaining -= run;
      }
      ac.flush();
    }
    marker(out, 0xD9); // EOI
    return out.toByteArray();
  }

  private static byte[] ihdr(int width, int height, int bitDepth, int colourType) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) bitDepth).put((byte) colourType);
    ihdr.put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filtering, no interlace
    return ihdr.array();
  }

  /** {@code copies} times {@code block}, deflated at the highest compression. */
  private static byte[] deflate(byte[] block, int copies) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    // written in pieces of about 1 MB: a call per row of a PNG one pixel wide would take seconds
    int perPiece = Math.max(1, (1 << 20) / block.length);
    byte[] piece = new byte[perPiece * block.length];
    for (int i = 0; i < perPiece; i++) {
      System.arraycopy(block, 0, piece, i * block.length, block.length);
    }
    try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater)) {
      for (int written = 0; written < copies; written += perPiece) {
        out.write(piece, 0, Math.min(perPiece, copies - written) * block.length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory
    } finally {
      deflater.end();
    }
    return compressed.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A DHT payload: table class/id {@code tableId}, one code of length 1 for {@code symbol}. */
  private static byte[] huffmanTable(int tableId, int symbol) {
    byte[] table = new byte[1 + 16 + 1];
    table[0] = (byte) tableId;
    table[1] = 1; // one code of length 1
    table[17] = (byte) symbol;
    return table;
  }

  private static void marker(ByteArrayOutputStream out, int marker) {
    out.write(0xFF);
    out.write(marker);
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
    marker(out, marker);
    int length = payload.length + 2;
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(payload);
  }

  private static byte hi(int value) {
    return (byte) (value >>> 8);
  }

  private static byte lo(int value) {
    return (byte) value;
  }

  /** Entropy-coded bits, most significant first, with {@code FF} bytes stuffed. */
  private static final class BitWriter {
    private final ByteArrayOutputStream out;
    private int bits;
    private int count;

    BitWriter(ByteArrayOutputStream out) {
      this.out = out;
    }

    void write(int value, int length) {
      for (int i = length - 1; i >= 0; i--) {
        bits = (bits << 1) | ((value >>> i) & 1);
        if (++count == 8) {
          out.write(bits);
          if ((bits & 0xff) == 0xff) {
            out.write(0); // a data byte FF is followed by 00, so it is not read as a marker
          }
          bits = 0;
          count = 0;
        }
      }
    }

    /** Pads the last byte with 1-bits, as the format requires. */
    void flush() {
      while (count != 0) {
        write(1, 1);
      }
    }
  }
}
