package io.sosae.tools.cli;

import io.sosae.model.core.Method;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --method pca}: a compression method by name, any case, with the list on a typo. */
final class MethodConverter implements ITypeConverter<Method> {
    @Override
    public Method convert(String value) {
        try {
            return Method.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not a method; use one of " + Arrays.toString(Method.values()));
        }
    }
}
