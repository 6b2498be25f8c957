package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppVersionProviderTest {
    private static final String HTML =
            "<script>window.x={\"server_revision\":1,\"client_revision\":1234567890," + "\"hsi\":2}</script>";
    private static final String SW_JS =
            "self.__swData=JSON.parse(\"{\\\"client_revision\\\":1234567890," + "\\\"x\\\":1}\");";
    private static final WaVersion FETCHED = WaVersion.parse("2.3000.1234567890");

    private final ManualScheduler time = new ManualScheduler();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger julLogger = Logger.getLogger(AppVersionProvider.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(new SimpleFormatter().formatMessage(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private VersionPages pages;

    @BeforeEach
    void setUp() throws Exception {
        pages = new VersionPages();
        julLogger.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        julLogger.removeHandler(capture);
        pages.close();
    }

    private AppVersionProvider fetching(URI url) {
        return AppVersionProvider.fetching(url, time, time, Runnable::run);
    }

    @Test
    void fixedVersionWinsOverTheUrl() {
        try (var provider =
                AppVersionProvider.fromConfig(" 2.3000.1 ", pages.url("/").toString(), time, time, Runnable::run)) {
            assertThat(provider.start().join()).isEqualTo(WaVersion.parse("2.3000.1"));
            assertThat(provider.refresh()).isEqualTo(WaVersion.parse("2.3000.1"));
            assertThat(provider.url()).isEmpty();
        }
        assertThat(pages.hits).hasValue(0);
    }

    @Test
    void fetchesTheRevisionFromTheWebPageWithBrowserHeaders() {
        pages.serve(HTML);
        try (var provider = fetching(pages.url("/"))) {
            assertThat(provider.current()).isEqualTo(AppVersionProvider.BUILT_IN);
            assertThat(provider.start().join()).isEqualTo(FETCHED);
            assertThat(provider.current()).isEqualTo(FETCHED);
            assertThat(provider.lastFetched()).contains(time.instant());
        }
        assertThat(pages.lastHeaders.getFirst("User-Agent")).startsWith("Mozilla/5.0");
        assertThat(pages.lastHeaders.getFirst("Sec-Fetch-Mode")).isEqualTo("navigate");
        assertThat(warnings).isEmpty();
    }

    @Test
    void fetchesTheEscapedRevisionFromSwJs() {
        pages.serve(SW_JS);
        try (var provider = fetching(pages.url("/sw.js"))) {
            assertThat(provider.refresh()).isEqualTo(FETCHED);
        }
    }

    @Test
    void unreachablePageKeepsTheBuiltInVersionAndWarns() {
        URI closed = VersionPages.closedPort();
        try (var provider = fetching(closed)) {
            assertThat(provider.start().join()).isEqualTo(AppVersionProvider.BUILT_IN);
            assertThat(provider.current()).isEqualTo(AppVersionProvider.BUILT_IN);
            assertThat(provider.lastFetched()).isEmpty();
        }
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains(closed.toString())
                .contains("keeping " + AppVersionProvider.BUILT_IN)
                .contains("ConnectException");
    }

    @Test
    void serverErrorKeepsTheBuiltInVersion() {
        pages.serve(HTML).status = 500;
        try (var provider = fetching(pages.url("/"))) {
            assertThat(provider.refresh()).isEqualTo(AppVersionProvider.BUILT_IN);
        }
        assertThat(pages.hits).hasValue(1);
        assertThat(warnings).singleElement().asString().contains("HTTP status 500");
    }

    @Test
    void pageWithoutRevisionKeepsTheBuiltInVersion() {
        pages.serve("<html>\"client_revision\":\"soon\"</html>");
        try (var provider = fetching(pages.url("/"))) {
            assertThat(provider.refresh()).isEqualTo(AppVersionProvider.BUILT_IN);
        }
        assertThat(warnings).singleElement().asString().contains("no client_revision");
    }

    @Test
    void revisionTooLargeForAVersionIsRejected() {
        pages.serve("\"client_revision\":99999999999,");
        try (var provider = fetching(pages.url("/"))) {
            assertThat(provider.refresh()).isEqualTo(AppVersionProvider.BUILT_IN);
        }
    }

    @Test
    void failedRefreshAfterAGoodFetchKeepsTheGoodVersion() {
        pages.serve(HTML);
        try (var provider = fetching(pages.url("/"))) {
            assertThat(provider.refresh()).isEqualTo(FETCHED);
            pages.status = 503;
            assertThat(provider.refresh()).isEqualTo(FETCHED);
            pages.serve("nothing here");
            assertThat(provider.refresh()).isEqualTo(FETCHED);
            assertThat(provider.current()).isEqualTo(FETCHED);
        }
        assertThat(warnings).hasSize(2).allMatch(w -> w.contains("keeping " + FETCHED));
    }

    @Test
    void startedProviderFetchesAgainEverySixHours() {
        pages.serve(HTML);
        try (var provider = fetching(pages.url("/"))) {
            provider.start().join();
            assertThat(pages.hits).hasValue(1);
            pages.serve("\"client_revision\":1300000000,");
            time.advance(AppVersionProvider.REFRESH_INTERVAL.minus(Duration.ofMinutes(1)));
            assertThat(pages.hits).hasValue(1);
            assertThat(provider.current()).isEqualTo(FETCHED);
            time.advance(Duration.ofMinutes(1));
            assertThat(pages.hits).hasValue(2);
            assertThat(provider.current()).isEqualTo(WaVersion.parse("2.3000.1300000000"));
            time.advance(AppVersionProvider.REFRESH_INTERVAL);
            assertThat(pages.hits).hasValue(3);
            assertThat(provider.lastFetched()).contains(time.instant());
        }
        assertThat(time.pendingTasks()).isZero();
        time.advance(AppVersionProvider.REFRESH_INTERVAL);
        assertThat(pages.hits).hasValue(3);
    }

    @Test
    void fromConfigPrecedence() {
        try (var byDefault = AppVersionProvider.fromConfig(null, " ", time, time, Runnable::run)) {
            assertThat(byDefault.url()).contains(AppVersionProvider.WHATSAPP_WEB_URL);
        }
        try (var custom = AppVersionProvider.fromConfig("", "https://example.test/sw.js", time, time, Runnable::run)) {
            assertThat(custom.url()).contains(URI.create("https://example.test/sw.js"));
        }
        try (var off = AppVersionProvider.fromConfig(null, "off")) {
            assertThat(off.url()).isEmpty();
            assertThat(off.current()).isEqualTo(AppVersionProvider.BUILT_IN);
        }
        assertThatThrownBy(() -> AppVersionProvider.fromConfig("2.3000", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"2.3000\"");
        assertThatThrownBy(() -> AppVersionProvider.fromConfig(null, "ftp://example.test/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://example.test/");
        assertThatThrownBy(() -> AppVersionProvider.fromConfig(null, "http://exa mple/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exa mple");
    }
}
