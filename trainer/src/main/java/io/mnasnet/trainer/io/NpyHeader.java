package io.mnasnet.trainer.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary in a {@code .npy} header, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (16, 3), }}: a Python literal, parsed here for exactly the subset NumPy writes (strings,
 * {@code True}/{@code False}, tuples of integers).
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  /** Parses the header text; {@code fail} builds the exception with the file name. */
  static NpyHeader parse(String text, String source) throws NpyFormatException {
    Map<String, Object> dict = new Parser(text, source).dictionary();
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw new NpyFormatException(
            "%s: header lacks '%s': %s".formatted(source, key, text.strip()));
      }
    }
    if (!(dict.get("descr") instanceof String descr)) {
      throw new NpyFormatException(source + ": header 'descr' must be a string");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
      throw new NpyFormatException(source + ": header 'fortran_order' must be True or False");
    }
    if (!(dict.get("shape") instanceof long[] shape)) {
      throw new NpyFormatException(source + ": header 'shape' must be a tuple of integers");
    }
    return new NpyHeader(descr, fortranOrder, shape);
  }

  /** The text NumPy writes for this header (without padding or the final newline). */
  String format() {
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      dims.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    // a 1-tuple needs its trailing comma in Python
    dims.append(shape.length == 1 ? ",)" : ")");
    return "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }"
        .formatted(descr, fortranOrder ? "True" : "False", dims);
  }

  private static final class Parser {
    private final String text;
    private final String source;
    private int pos;

    Parser(String text, String source) {
      this.text = text;
      this.source = source;
    }

    Map<String, Object> dictionary() throws NpyFormatException {
      Map<String, Object> dict = new LinkedHashMap<>();
      expect('{');
      while (!peekIs('}')) {
        String key = string();
        expect(':');
        if (dict.put(key, value()) != null) {
          throw error("duplicate key '" + key + "'");
        }
        if (!peekIs('}')) {
          expect(',');
        }
      }
      expect('}');
      skipSpace();
      if (pos != text.length()) {
        throw error("unexpected text after the dictionary");
      }
      return dict;
    }

    private Object value() throws NpyFormatException {
      skipSpace();
      if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
        return string();
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (peekIs('(')) {
        return tuple();
      }
      throw error("expected a string, True, False or a tuple");
    }

    private long[] tuple() throws NpyFormatException {
      expect('(');
      List<Long> values = new ArrayList<>();
      while (!peekIs(')')) {
        values.add(integer());
        if (!peekIs(')')) {
          expect(',');
        }
      }
      expect(')');
      return values.stream().mapToLong(Long::longValue).toArray();
    }

    private long integer() throws NpyFormatException {
      skipSpace();
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a non-negative integer");
      }
      long value;
      try {
        value = Long.parseLong(text.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error("integer too large");
      }
      if (pos < text.length() && text.charAt(pos) == 'L') {
        pos++; // Python 2 long literal, written by old NumPy versions
      }
      return value;
    }

    private String string() throws NpyFormatException {
      skipSpace();
      if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
        throw error("expected a quoted string");
      }
      char quote = text.charAt(pos);
      int end = text.indexOf(quote, pos + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String value = text.substring(pos + 1, end);
      pos = end + 1;
      return value;
    }

    private boolean peekIs(char c) throws NpyFormatException {
      skipSpace();
      if (pos >= text.length()) {
        throw error("unexpected end of header");
      }
      return text.charAt(pos) == c;
    }

    private void expect(char c) throws NpyFormatException {
      if (!peekIs(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private NpyFormatException error(String what) {
      return new NpyFormatException(
          "%s: malformed header at character %d (%s): %s"
              .formatted(source, pos, what, text.strip()));
    }
  }
}
