package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.CommandType;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.InstanceRepository;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Deletes an instance: every row (instance, token, account count) atomically, then tells the session host
 * to drop the socket and the saved session of that incarnation (by instance id).
 */
public final class DeleteInstance {
    private final InstanceLookup lookup;
    private final InstanceRepository instances;
    private final CommandBus commands;
    private final Clock clock;

    public DeleteInstance(InstanceLookup lookup, InstanceRepository instances, CommandBus commands, Clock clock) {
        this.lookup = lookup;
        this.instances = instances;
        this.commands = commands;
        this.clock = clock;
    }

    public Instance execute(Principal caller, String instanceName) {
        Principal.Account account = Authorizer.requireAccount(caller);
        Instance instance = lookup.load(account, instanceName);
        if (!instances.delete(instance)) {
            throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
        }
        commands.send(new InstanceCommand(UUID.randomUUID().toString(), CommandType.DELETE, instance.accountId(),
                instance.name(), instance.id(), clock.instant(), Map.of()));
        return instance;
    }
}
