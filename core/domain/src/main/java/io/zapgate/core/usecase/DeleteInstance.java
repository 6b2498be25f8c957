package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.port.InstanceRepository;
import java.time.Clock;

/**
 * Deletes an instance: a device that may be linked is first logged out of WhatsApp through the session host;
 * then every row (instance, token, account count) goes atomically, and the session host is told to drop
 * whatever it still holds of that incarnation (by instance id), its saved session included.
 *
 * <p>The logout is best effort: a banned account cannot log in to log out, nor can a client WhatsApp calls
 * outdated or a session host that cannot reach WhatsApp. The delete goes ahead all the same (the user asked
 * for it, and otherwise the row, token, name and quota would stay stuck), and the result says the device may
 * still be listed under Linked devices on the phone.
 */
public final class DeleteInstance {
    private static final io.zapgate.core.log.Log LOG = io.zapgate.core.log.Log.get(DeleteInstance.class);
    private final InstanceLookup lookup;
    private final InstanceRepository instances;
    private final CommandBus commands;
    private final Clock clock;

    private final LinkInstance link;

    /**
     * What a delete did.
     *
     * @param instance the deleted instance
     * @param deviceUnlinked false when a device that may be linked could not be logged out of WhatsApp first
     *     (banned, client outdated, WhatsApp unreachable): it may still be listed on the phone
     */
    public record Deleted(Instance instance, boolean deviceUnlinked) {}

    public DeleteInstance(
            InstanceLookup lookup, InstanceRepository instances, CommandBus commands, Clock clock, LinkInstance link) {
        this.link = link;
        this.lookup = lookup;
        this.instances = instances;
        this.commands = commands;
        this.clock = clock;
    }

    public Deleted execute(Principal caller, String instanceName) {
        Principal.Account account = Authorizer.requireAccount(caller);
        Instance instance = lookup.load(account, instanceName);
        boolean unlinked = !mayBeLinked(instance) || logout(instance);
        if (!instances.delete(instance)) {
            throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
        }
        try {
            commands.send(new InstanceCommand.Delete(
                    CommandHeader.issue(
                            instance.accountId(),
                            instance.name(),
                            instance.id(),
                            clock.instant(),
                            InstanceCommand.DELETE_LIFETIME),
                    null));
        } catch (ZapgateException e) {
            // the rows are gone; the host only has leftovers to drop
            LOG.warn(
                    "instance deleted, but the session host could not be told; it drops leftovers when it "
                            + "next sees the instance",
                    e,
                    "instance",
                    instance.name());
        }
        return new Deleted(instance, unlinked);
    }

    private static boolean mayBeLinked(Instance instance) {
        InstanceState state = instance.connection().state();
        return instance.connection().hasSession()
                || state != InstanceState.DISCONNECTED && state != InstanceState.LOGGEDOUT;
    }

    /** True once logged out; false when WhatsApp could not be told (the delete goes on regardless). */
    private boolean logout(Instance instance) {
        if (instance.connection().state() == InstanceState.BANNED) {
            // WhatsApp refuses the account's logins, so no logout can be sent: do not wait for one to fail
            LOG.info("deleting a banned instance without a logout", "instance", instance.name());
            return false;
        }
        try {
            link.logout(instance);
            return true;
        } catch (ZapgateException e) {
            LOG.warn(
                    "could not log out of WhatsApp before the delete; deleting anyway (the device may still be "
                            + "listed on the phone)",
                    e,
                    "instance",
                    instance.name());
            return false;
        }
    }
}
