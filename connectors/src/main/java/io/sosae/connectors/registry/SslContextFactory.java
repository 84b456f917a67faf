package io.sosae.connectors.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Creates the {@link SSLContext} for registry calls. Serializable (an SSLContext is not) so that a
 * {@link RegistryConfig} can travel inside Flink serialization schemas and be rebuilt on each task.
 */
@FunctionalInterface
public interface SslContextFactory extends Serializable {

    SSLContext create() throws GeneralSecurityException, IOException;

    /** Trusts the certificates in the given key store (server authentication only). */
    static SslContextFactory trustStore(Path path, String password, String type) {
        return keyAndTrustStores(path, password, type, null, null, null);
    }

    /**
     * Trust store plus an optional client key store (mutual TLS). Paths are kept as strings so the
     * factory stays serializable; the files are read when {@link #create()} runs.
     */
    static SslContextFactory keyAndTrustStores(
            Path trustStore,
            String trustPassword,
            String trustType,
            Path keyStore,
            String keyPassword,
            String keyType) {
        String trustPath = trustStore == null ? null : trustStore.toString();
        String keyPath = keyStore == null ? null : keyStore.toString();
        return () -> {
            TrustManagerFactory tmf = null;
            if (trustPath != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(trustPath, trustPassword, trustType));
            }
            KeyManagerFactory kmf = null;
            if (keyPath != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyPath, keyPassword, keyType), chars(keyPassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        };
    }

    private static KeyStore load(String path, String password, String type)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, chars(password));
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
