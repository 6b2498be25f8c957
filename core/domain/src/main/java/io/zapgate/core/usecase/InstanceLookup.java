package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.InstanceName;
import io.zapgate.core.port.InstanceRepository;

/** Loads the instance a route names, after checking the name and the caller's right to it. */
public final class InstanceLookup {
    private final InstanceRepository instances;

    public InstanceLookup(InstanceRepository instances) {
        this.instances = instances;
    }

    /**
     * 400 for a missing or malformed name, 401 for another instance's token (or a token of an earlier
     * instance of that name), 404 when absent.
     */
    public Instance load(Principal caller, String instanceName) {
        InstanceName.require(instanceName);
        Authorizer.requireAccess(caller, instanceName);
        Instance found = instances
                .find(new InstanceKey(caller.accountId(), instanceName))
                .orElseThrow(() -> ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND));
        Authorizer.requireSameInstance(caller, found.id());
        return found;
    }
}
