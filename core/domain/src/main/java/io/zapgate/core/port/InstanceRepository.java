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

    /** Replaces the settings block; 404 when the instance is gone. */
    void updateSettings(InstanceKey key, Settings settings);

    void updateProxy(InstanceKey key, ProxySettings proxy);

    void updateS3(InstanceKey key, S3Settings s3);

    /** Removes the instance, its token and one from the account's count, atomically; false if already gone. */
    boolean delete(Instance instance);
}
