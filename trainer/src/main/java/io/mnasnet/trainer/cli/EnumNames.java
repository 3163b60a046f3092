package io.mnasnet.trainer.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Enum values as written on the command line: lower case with dashes ({@code ONE_CYCLE} is {@code
 * one-cycle}); parsing also accepts underscores and any case.
 */
final class EnumNames {

  private EnumNames() {}

  static String cliName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static <E extends Enum<E>> E parse(Class<E> type, String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E value : type.getEnumConstants()) {
      if (value.name().equals(wanted)) {
        return value;
      }
    }
    throw new TypeConversionException("'" + text + "' is not one of " + names(type));
  }

  static String names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(EnumNames::cliName)
        .collect(Collectors.joining(", "));
  }

  /** A picocli converter for {@code type} using these names. */
  abstract static class Converter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    Converter(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      return parse(type, value);
    }
  }
}
