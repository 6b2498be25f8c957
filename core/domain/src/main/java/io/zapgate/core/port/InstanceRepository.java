package io.zapgate.core.port;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import java.util.List;
import java.util.Optional;

/** Port: instances, written atomically with their token and their account's instance count. */
public interface InstanceRepository {
    /**
     * Stores the instance, its token and the account's count in one atomic write.
     *
     * @throws io.zapgate.core.error.ZapgateException 409 when the name or token is taken, 403 when the
     *     account's quota is reached; nothing is written then
     */
    void create(Instance instance, TokenRecord token);

    Optional<Instance> find(InstanceKey key);

    /** The account's instances, sorted by name. */
    List<Instance> listByAccount(String accountId);

    /**
     * Replaces the settings block of {@code current} — that incarnation only: 404 when it is gone or was
     * replaced by a new instance of the same name meanwhile.
     */
    void updateSettings(Instance current, Settings settings);

    /** As {@link #updateSettings}, for the proxy block (its password is sealed under {@code current}'s id). */
    void updateProxy(Instance current, ProxySettings proxy);

    /** As {@link #updateSettings}, for the S3 block. */
    void updateS3(Instance current, S3Settings s3);

    /** Removes the instance, its token and one from the account's count, atomically; false if already gone. */
    boolean delete(Instance instance);
}
