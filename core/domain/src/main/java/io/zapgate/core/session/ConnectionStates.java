package io.zapgate.core.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.Profile;
import java.util.List;

/**
 * Port (session host side): the connection part of an instance row. Every write is conditional on the
 * instance id, so a session of a deleted instance never writes into its successor.
 */
public interface ConnectionStates {
    /** @return false when the instance (this incarnation) no longer exists */
    boolean updateConnection(InstanceKey key, String instanceId, Connection connection);

    /**
     * As {@link #updateConnection(InstanceKey, String, Connection)}, fenced by the writer's lease: refused when
     * the row was last written under a higher fencing token than {@code fence} (a newer owner wrote it), and
     * the row keeps {@code fence} otherwise. Adapters without fencing ignore {@code fence}.
     *
     * @return false when the instance (this incarnation) no longer exists or a newer owner wrote it
     */
    default boolean updateConnection(InstanceKey key, String instanceId, Connection connection, long fence) {
        return updateConnection(key, instanceId, connection);
    }

    boolean updateProfile(InstanceKey key, String instanceId, Profile profile);

    /**
     * Records that the instance's offline queue was delivered after a login ({@code lastOfflineSync} on the row).
     *
     * @return false when the instance (this incarnation) no longer exists
     */
    boolean recordOfflineSync(InstanceKey key, String instanceId, OfflineSync sync);

    /**
     * Instances to resume when a host starts: those with a saved session last seen {@code connected} or
     * {@code connecting}, or closed by a host shutdown ({@code disconnected}, reason {@code host_shutdown}).
     */
    List<Instance> resumable();
}
