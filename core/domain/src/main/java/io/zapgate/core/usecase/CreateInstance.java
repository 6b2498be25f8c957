package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.auth.Tokens;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceName;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.port.InstanceRepository;
import java.time.Clock;
import java.util.UUID;

/** Creates an instance with its token; the name and token are unique, the account's quota is enforced. */
public final class CreateInstance {
    private final InstanceRepository instances;
    private final Clock clock;

    public CreateInstance(InstanceRepository instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    /** The stored instance and its token in clear: the only time the token is ever shown. */
    public record Created(Instance instance, String token) {
        @Override
        public String toString() {
            return "Created[instance=" + instance.name() + "]";
        }
    }

    public Created execute(Principal.Account caller, NewInstance req) {
        String name = InstanceName.require(req.name());
        String token = req.token() != null ? Tokens.requireValidCustom("token", req.token()) : Tokens.generate();
        String hash = TokenHash.of(token);
        String id = UUID.randomUUID().toString();
        Instance instance = new Instance(
                id,
                caller.accountId(),
                name,
                clock.instant(),
                hash,
                Connection.initial(),
                Profile.empty(),
                req.settings(),
                req.proxy(),
                req.s3(),
                req.webhook(),
                req.websocket(),
                req.chatwoot());
        instances.create(instance, TokenRecord.forInstance(hash, caller.accountId(), name, id));
        return new Created(instance, token);
    }
}
