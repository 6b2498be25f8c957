package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.CommandType;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.Messages;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.InstanceRepository;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Deletes an instance: a linked device is first logged out of WhatsApp through the session host (nothing is
 * deleted if that fails), then every row (instance, token, account count) goes atomically, and the session
 * host is told to drop whatever it still holds of that incarnation (by instance id).
 */
public final class DeleteInstance {
    private static final io.zapgate.core.log.Log LOG = io.zapgate.core.log.Log.get(DeleteInstance.class);
    private final InstanceLookup lookup;
    private final InstanceRepository instances;
    private final CommandBus commands;
    private final Clock clock;

    private final LinkInstance link;

    public DeleteInstance(InstanceLookup lookup, InstanceRepository instances, CommandBus commands, Clock clock,
                          LinkInstance link) {
        this.link = link;
        this.lookup = lookup;
        this.instances = instances;
        this.commands = commands;
        this.clock = clock;
    }

    public Instance execute(Principal caller, String instanceName) {
        Principal.Account account = Authorizer.requireAccount(caller);
        Instance instance = lookup.load(account, instanceName);
        if (instance.connection().hasSession() || instance.connection().state() != InstanceState.DISCONNECTED
                && instance.connection().state() != InstanceState.LOGGEDOUT) {
            try {
                link.logout(instance);
            } catch (ZapgateException e) {
                throw new ZapgateException(ErrorCode.INTERNAL, "could not log out of WhatsApp", e);
            }
        }
        if (!instances.delete(instance)) {
            throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
        }
        try {
            commands.send(new InstanceCommand(UUID.randomUUID().toString(), CommandType.DELETE,
                    instance.accountId(), instance.name(), instance.id(), clock.instant(), Map.of()));
        } catch (ZapgateException e) {
            // the rows are gone and a linked device was logged out above; the host only has leftovers to drop
            LOG.warn("instance deleted, but the session host could not be told; it drops leftovers when it "
                    + "next sees the instance", e, "instance", instance.name());
        }
        return instance;
    }
}
