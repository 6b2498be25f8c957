package io.zapgate.sessionhost.fleet;

import io.zapgate.core.config.Env;
import io.zapgate.core.session.SessionLeases;
import java.util.List;
import java.util.Map;

/**
 * One host's view of the fleet at a sweep (docs/fleet.md, "Rebalancing"): {@code total} sessions (this host's, the
 * other live hosts' last heartbeats, and the orphans waiting) over {@code hosts} live hosts. The fair share is
 * {@code ceil(total / hosts)}; a sweeping host adopts at most up to it, and a host holding more than {@code share +
 * slack} releases down to it, at most {@code perSweep} sessions a sweep.
 */
public record FairShare(int total, int hosts, Policy policy) {
    /**
     * @param slack sessions above the fair share a host may keep ({@code ZAPGATE_FAIR_SHARE_SLACK}, default 1)
     * @param perSweep sessions a host releases at most per sweep ({@code ZAPGATE_REBALANCE_PER_SWEEP}, default 2;
     *     0 turns rebalancing off)
     */
    public record Policy(int slack, int perSweep) {
        public static final Policy DEFAULT = new Policy(1, 2);

        public Policy {
            if (slack < 0 || perSweep < 0) {
                throw new IllegalArgumentException(
                        "bad configuration: ZAPGATE_FAIR_SHARE_SLACK and ZAPGATE_REBALANCE_PER_SWEEP must be >= 0");
            }
        }

        public static Policy from(Map<String, String> env) {
            return new Policy(
                    Env.intOf(env, "ZAPGATE_FAIR_SHARE_SLACK", DEFAULT.slack()),
                    Env.intOf(env, "ZAPGATE_REBALANCE_PER_SWEEP", DEFAULT.perSweep()));
        }
    }

    public FairShare {
        if (hosts < 1 || total < 0) {
            throw new IllegalArgumentException("hosts " + hosts + ", total " + total);
        }
    }

    /**
     * The view of host {@code self} holding {@code mine} sessions, with {@code live} the unexpired heartbeats (its
     * own included or not) and {@code orphans} sessions nobody holds. No heartbeats (a store without them): this
     * host alone, so it adopts everything, as before rebalancing.
     */
    public static FairShare of(String self, int mine, List<SessionLeases.Host> live, int orphans, Policy policy) {
        int total = mine + orphans;
        int hosts = 1;
        for (SessionLeases.Host h : live) {
            if (!h.hostId().equals(self)) {
                total += Math.max(0, h.sessions());
                hosts++;
            }
        }
        return new FairShare(total, hosts, policy);
    }

    /** {@code ceil(total / hosts)}. */
    public int share() {
        return (total + hosts - 1) / hosts;
    }

    /** How many orphans a host holding {@code mine} may adopt now. */
    public int adoptCap(int mine) {
        return Math.max(0, share() - mine);
    }

    /** How many sessions a host holding {@code mine} releases at this sweep. */
    public int toRelease(int mine) {
        if (mine <= share() + policy.slack()) {
            return 0;
        }
        return Math.min(policy.perSweep(), mine - share());
    }
}
