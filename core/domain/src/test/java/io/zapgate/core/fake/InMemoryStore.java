package io.zapgate.core.fake;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.AccountRepository;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.port.TokenRepository;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * In-memory accounts, tokens and instances with the same atomicity as the DynamoDB adapters (one lock
 * stands in for a transaction). For fast unit tests of use cases and handlers.
 */
public final class InMemoryStore
        implements AccountRepository, TokenRepository, InstanceRepository, io.zapgate.core.session.ConnectionStates {
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, TokenRecord> tokens = new HashMap<>();
    private final Map<InstanceKey, Instance> instances = new HashMap<>();
    private final Map<String, io.zapgate.core.session.OfflineSync> offlineSyncs = new HashMap<>();

    @Override
    public synchronized void create(Account account, TokenRecord accountToken) {
        if (tokens.containsKey(accountToken.tokenHash())) {
            throw ZapgateException.conflict(Messages.TOKEN_TAKEN);
        }
        accounts.put(account.id(), account);
        tokens.put(accountToken.tokenHash(), accountToken);
    }

    @Override
    public synchronized Optional<Account> find(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public synchronized void setQuota(String accountId, int instanceQuota) {
        Account a = accounts.get(accountId);
        if (a == null) {
            throw ZapgateException.notFound("Account not found");
        }
        accounts.put(accountId, new Account(a.id(), a.name(), instanceQuota, a.instanceCount(), a.createdAt()));
    }

    @Override
    public synchronized Optional<TokenRecord> lookup(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash));
    }

    @Override
    public synchronized void create(Instance instance, TokenRecord token) {
        Account a = accounts.get(instance.accountId());
        if (instances.containsKey(instance.key())) {
            throw ZapgateException.conflict(Messages.INSTANCE_NAME_TAKEN);
        }
        if (tokens.containsKey(token.tokenHash())) {
            throw ZapgateException.conflict(Messages.TOKEN_TAKEN);
        }
        if (a == null || a.instanceCount() >= a.instanceQuota()) {
            throw ZapgateException.forbidden(Messages.QUOTA_EXCEEDED);
        }
        instances.put(instance.key(), instance);
        tokens.put(token.tokenHash(), token);
        accounts.put(a.id(), new Account(a.id(), a.name(), a.instanceQuota(), a.instanceCount() + 1, a.createdAt()));
    }

    @Override
    public synchronized Optional<Instance> find(InstanceKey key) {
        return Optional.ofNullable(instances.get(key));
    }

    @Override
    public synchronized List<Instance> listByAccount(String accountId) {
        return instances.values().stream()
                .filter(i -> i.accountId().equals(accountId))
                .sorted(Comparator.comparing(Instance::name))
                .toList();
    }

    @Override
    public synchronized Settings changeSettings(Instance current, UnaryOperator<Settings> change) {
        return update(current, i -> i.withSettings(change.apply(i.settings()))).settings();
    }

    @Override
    public synchronized ProxySettings changeProxy(Instance current, UnaryOperator<ProxySettings> change) {
        return update(current, i -> i.withProxy(change.apply(i.proxy()))).proxy();
    }

    @Override
    public synchronized S3Settings changeS3(Instance current, UnaryOperator<S3Settings> change) {
        return update(current, i -> i.withS3(change.apply(i.s3()))).s3();
    }

    @Override
    public synchronized io.zapgate.core.instance.WebhookSettings changeWebhook(
            Instance current, UnaryOperator<io.zapgate.core.instance.WebhookSettings> change) {
        return update(current, i -> i.withWebhook(change.apply(i.webhook()))).webhook();
    }

    private synchronized Instance update(Instance expected, UnaryOperator<Instance> change) {
        InstanceKey key = expected.key();
        Instance current = instances.get(key);
        if (current == null || !current.id().equals(expected.id())) {
            throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
        }
        Instance next = change.apply(current);
        instances.put(key, next);
        return next;
    }

    @Override
    public synchronized boolean delete(Instance instance) {
        Instance current = instances.get(instance.key());
        if (current == null || !current.id().equals(instance.id())) {
            return false;
        }
        instances.remove(instance.key());
        tokens.remove(current.tokenHash());
        Account a = accounts.get(instance.accountId());
        if (a != null) {
            accounts.put(
                    a.id(), new Account(a.id(), a.name(), a.instanceQuota(), a.instanceCount() - 1, a.createdAt()));
        }
        return true;
    }

    @Override
    public synchronized boolean updateConnection(
            InstanceKey key, String instanceId, io.zapgate.core.instance.Connection connection) {
        Instance i = instances.get(key);
        if (i == null || !i.id().equals(instanceId)) {
            return false;
        }
        instances.put(
                key,
                new Instance(
                        i.id(),
                        i.accountId(),
                        i.name(),
                        i.createdAt(),
                        i.tokenHash(),
                        connection,
                        i.profile(),
                        i.settings(),
                        i.proxy(),
                        i.s3(),
                        i.webhook(),
                        i.websocket(),
                        i.chatwoot(),
                        i.unreadableSecrets()));
        return true;
    }

    @Override
    public synchronized boolean updateProfile(
            InstanceKey key, String instanceId, io.zapgate.core.instance.Profile profile) {
        Instance i = instances.get(key);
        if (i == null || !i.id().equals(instanceId)) {
            return false;
        }
        instances.put(
                key,
                new Instance(
                        i.id(),
                        i.accountId(),
                        i.name(),
                        i.createdAt(),
                        i.tokenHash(),
                        i.connection(),
                        profile,
                        i.settings(),
                        i.proxy(),
                        i.s3(),
                        i.webhook(),
                        i.websocket(),
                        i.chatwoot(),
                        i.unreadableSecrets()));
        return true;
    }

    @Override
    public synchronized boolean recordOfflineSync(
            InstanceKey key, String instanceId, io.zapgate.core.session.OfflineSync sync) {
        Instance i = instances.get(key);
        if (i == null || !i.id().equals(instanceId)) {
            return false;
        }
        offlineSyncs.put(instanceId, sync);
        return true;
    }

    /** The last offline sync recorded for an instance id. */
    public synchronized java.util.Optional<io.zapgate.core.session.OfflineSync> offlineSync(String instanceId) {
        return java.util.Optional.ofNullable(offlineSyncs.get(instanceId));
    }

    @Override
    public synchronized List<Instance> resumable() {
        return instances.values().stream()
                .filter(i -> i.connection().hasSession()
                        && (i.connection().state() == io.zapgate.core.instance.InstanceState.CONNECTED
                                || i.connection().state() == io.zapgate.core.instance.InstanceState.CONNECTING
                                || i.connection().state() == io.zapgate.core.instance.InstanceState.DISCONNECTED
                                        && i.connection().lastDisconnect() != null
                                        && i.connection().lastDisconnect().reason()
                                                == io.zapgate.core.instance.DisconnectReason.HOST_SHUTDOWN))
                .toList();
    }
}
