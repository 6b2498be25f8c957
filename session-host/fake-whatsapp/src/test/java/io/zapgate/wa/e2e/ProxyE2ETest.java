package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.store.InMemoryDeviceStore;
import io.zapgate.wa.transport.ProxyConfig;
import io.zapgate.wa.transport.TestProxy;
import org.junit.jupiter.api.Test;

/** The QR link through a local SOCKS5 proxy and an HTTP CONNECT proxy, both with credentials. */
class ProxyE2ETest {

    @Test
    void qrLinkThroughSocks5() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                TestProxy proxy = TestProxy.socks5("zap", "s3cret");
                E2E e2e = new E2E(
                        fake,
                        new InMemoryDeviceStore(),
                        b -> b.proxy(ProxyConfig.of(ProxyConfig.Type.SOCKS5, "127.0.0.1", proxy.port())
                                .withCredentials("zap", "s3cret")))) {
            e2e.linkByQr();
            assertThat(proxy.targets).contains("127.0.0.1:" + fake.port());
            assertThat(proxy.accepted.get()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void qrLinkThroughHttpConnect() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                TestProxy proxy = TestProxy.httpConnect("zap", "s3cret", null);
                E2E e2e = new E2E(
                        fake,
                        new InMemoryDeviceStore(),
                        b -> b.proxy(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("zap", "s3cret")))) {
            e2e.linkByQr();
            assertThat(proxy.targets).contains("127.0.0.1:" + fake.port());
            assertThat(proxy.authFailures.get()).isZero();
        }
    }
}
