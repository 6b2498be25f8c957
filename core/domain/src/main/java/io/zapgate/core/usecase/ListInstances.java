package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.port.InstanceRepository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists instances. An account sees its own (optionally filtered by name); an instance token sees only its
 * instance and the filter is ignored. A single named filter that matches nothing is a 404; an empty
 * filter value never widens the result.
 */
public final class ListInstances {
    private final InstanceRepository instances;

    public ListInstances(InstanceRepository instances) {
        this.instances = instances;
    }

    /** @param filter null when no {@code instanceName} parameter was sent; else the listed names */
    public List<Instance> execute(Principal caller, List<String> filter) {
        if (caller instanceof Principal.Instance i) {
            List<Instance> own = instances.find(new InstanceKey(i.accountId(), i.instanceName())).stream()
                    .toList();
            own.forEach(x -> Authorizer.requireSameInstance(i, x.id()));
            return own;
        }
        List<Instance> all = instances.listByAccount(caller.accountId());
        if (filter == null) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : filter) {
            if (!name.isBlank()) {
                wanted.add(name.trim());
            }
        }
        List<Instance> found =
                all.stream().filter(x -> wanted.contains(x.name())).toList();
        if (wanted.size() == 1 && found.isEmpty()) {
            throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
        }
        return found;
    }
}
