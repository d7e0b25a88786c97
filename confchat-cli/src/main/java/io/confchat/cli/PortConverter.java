package io.confchat.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A UDP/TCP port, 0 (any free port) to 65535; picocli reports anything else as a usage error. */
final class PortConverter implements ITypeConverter<Integer> {
    static final int MAX_PORT = 65535;

    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port number");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new TypeConversionException("port " + port + " is out of range 0.." + MAX_PORT);
        }
        return port;
    }
}
