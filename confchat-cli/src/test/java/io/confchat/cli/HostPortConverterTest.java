package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class HostPortConverterTest {
    private final HostPortConverter converter = new HostPortConverter();

    @Test
    void convert_shouldParseAnIpv4Address() {
        InetSocketAddress a = converter.convert("127.0.0.1:4000");
        assertThat(a.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(4000);
    }

    @Test
    void convert_shouldParseABracketedIpv6Address() {
        InetSocketAddress a = converter.convert("[::1]:65535");
        assertThat(a.getAddress().isLoopbackAddress()).isTrue();
        assertThat(a.getPort()).isEqualTo(65535);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"nonsense", ":4000", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:70000", "127.0.0.1:0", "::1:4000"})
    void convert_shouldRejectMalformedInputNamingIt(String value) {
        assertThatThrownBy(() -> converter.convert(value))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining(value);
    }

    @Test
    void format_shouldWriteWhatConvertReadsBack_bracketingIpv6() {
        for (String written : new String[] {"203.0.113.5:4000", "[2001:db8:0:0:0:0:0:5]:4001"}) {
            assertThat(HostPortConverter.format(converter.convert(written))).isEqualTo(written);
        }
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::5", 4001);
        assertThat(HostPortConverter.format(converter.convert(HostPortConverter.format(v6))))
                .isEqualTo(HostPortConverter.format(v6));
    }
}
