package io.zapgate.functions.support;

import io.zapgate.core.log.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialised function ({@code beforeCheckpoint}),
 * run the path a first request takes (one DynamoDB round trip, JSON in and out), so that the classes it loads,
 * the SDK's lazy set-up (marshallers, signer, endpoint rules, TLS context) and the JIT's first compilations are
 * in the snapshot rather than in the first request after a restore. Registered once per handler kind and
 * runtime; a failing warm-up is logged and never fails the snapshot. On a JVM without CRaC (every run but a
 * SnapStart snapshot) registering does nothing else.
 */
public final class SnapStartPriming implements Resource {
    private static final Log LOG = Log.get(SnapStartPriming.class);
    /** CRaC holds resources weakly: these keep them. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Runnable warm;

    SnapStartPriming(String name, Runnable warm) {
        this.name = name;
        this.warm = warm;
    }

    /** Registers {@code warm} to run before a checkpoint, once per {@code name} in this runtime. */
    public static synchronized void register(String name, Runnable warm) {
        if (REGISTERED.stream().anyMatch(p -> p.name.equals(name))) {
            return;
        }
        SnapStartPriming p = new SnapStartPriming(name, warm);
        REGISTERED.add(p);
        Core.getGlobalContext().register(p);
    }

    /** The names registered so far (tests). */
    static List<String> registered() {
        return REGISTERED.stream().map(p -> p.name).toList();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            warm.run();
            LOG.info("snapstart priming done", "path", name, "ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("snapstart priming failed; the snapshot is taken without it", e, "path", name);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: clients hold no credentials of their own, and pooled connections are re-opened
    }
}
