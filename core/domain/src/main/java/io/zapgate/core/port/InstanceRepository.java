package io.zapgate.core.port;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
     * Changes the settings block of {@code current} — that incarnation only: 404 when it is gone or was
     * replaced by a new instance of the same name meanwhile. {@code change} is applied to the block as stored
     * now (not to {@code current}'s copy, which may be stale), so racing partial updates of different fields
     * all land; it may run more than once and may throw to refuse the update (nothing is written then).
     *
     * @return the block as stored
     * @throws io.zapgate.core.error.ZapgateException 409 {@link io.zapgate.core.error.Messages#CONCURRENT_UPDATE}
     *     when other writers kept winning for longer than the adapter retries
     */
    Settings changeSettings(Instance current, UnaryOperator<Settings> change);

    /**
     * As {@link #changeSettings}, for the proxy block. Its password is sealed under {@code current}'s id; a
     * change that keeps the password keeps the stored secret as it is (even one this key cannot read).
     */
    ProxySettings changeProxy(Instance current, UnaryOperator<ProxySettings> change);

    /** As {@link #changeProxy}, for the S3 block and its secret key. */
    S3Settings changeS3(Instance current, UnaryOperator<S3Settings> change);

    /**
     * As {@link #changeSettings}, for the webhook block (its authorization, headers and signing secret are sealed
     * under {@code current}'s id).
     */
    io.zapgate.core.instance.WebhookSettings changeWebhook(
            Instance current, UnaryOperator<io.zapgate.core.instance.WebhookSettings> change);

    /** Replaces the settings block (see {@link #changeSettings}). */
    default void updateSettings(Instance current, Settings settings) {
        changeSettings(current, s -> settings);
    }

    /** Replaces the proxy block (see {@link #changeProxy}). */
    default void updateProxy(Instance current, ProxySettings proxy) {
        changeProxy(current, p -> proxy);
    }

    /** Replaces the S3 block (see {@link #changeS3}). */
    default void updateS3(Instance current, S3Settings s3) {
        changeS3(current, s -> s3);
    }

    /** Removes the instance, its token and one from the account's count, atomically; false if already gone. */
    boolean delete(Instance instance);
}
