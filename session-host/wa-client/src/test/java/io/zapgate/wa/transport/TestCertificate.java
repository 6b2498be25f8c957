package io.zapgate.wa.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** One self-signed certificate for "localhost" per test JVM (generation is slow), in the forms the tests need. */
final class TestCertificate {

    private static final PrivateKey KEY;
    private static final X509Certificate CERT;

    static {
        try {
            @SuppressWarnings("deprecation") // its replacement (netty-pkitesting) is not on our classpath
            SelfSignedCertificate generated = new SelfSignedCertificate("localhost");
            KEY = generated.key();
            CERT = generated.cert();
            generated.delete();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestCertificate() {}

    static X509Certificate cert() {
        return CERT;
    }

    /** Netty server context presenting the certificate. */
    static SslContext nettyServer() throws Exception {
        return SslContextBuilder.forServer(KEY, CERT).build();
    }

    /** Netty client context trusting only the certificate, with HTTPS hostname verification. */
    static SslContext nettyClientTrusting() throws Exception {
        return SslContextBuilder.forClient()
                .trustManager(CERT)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }

    /** JDK server context for blocking {@link javax.net.ssl.SSLServerSocket}s. */
    static SSLContext jdkServer() throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("localhost", KEY, password, new Certificate[] {CERT});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
