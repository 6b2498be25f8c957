package io.zapgate.core.fake;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.session.ConnectionPusher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records every frame pushed; connections can be marked gone (410) or failing (throttled). */
public final class RecordingConnectionPusher implements ConnectionPusher {
    /** One frame sent to one connection. */
    public record Push(String connectionId, String text) {}

    private final List<Push> pushes = new ArrayList<>();
    private final Set<String> gone = new HashSet<>();
    private final Set<String> failing = new HashSet<>();

    @Override
    public synchronized Result push(String connectionId, String text) {
        if (failing.contains(connectionId)) {
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "throttled");
        }
        if (gone.contains(connectionId)) {
            return Result.GONE;
        }
        pushes.add(new Push(connectionId, text));
        return Result.OK;
    }

    public synchronized void markGone(String connectionId) {
        gone.add(connectionId);
    }

    public synchronized void markFailing(String connectionId) {
        failing.add(connectionId);
    }

    public synchronized List<Push> pushes() {
        return List.copyOf(pushes);
    }

    public synchronized List<String> recipients() {
        return pushes.stream().map(Push::connectionId).toList();
    }
}
