package io.zapgate.local;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.session.ConnectionPusher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The local WebSocket connections by connection id, and the {@link ConnectionPusher} that writes to them:
 * what the local gateway's {@code @connections} endpoint does when the stream function posts a frame.
 */
final class LocalConnections implements ConnectionPusher {
    private final Map<String, Channel> open = new ConcurrentHashMap<>();

    void add(String connectionId, Channel channel) {
        open.put(connectionId, channel);
    }

    void remove(String connectionId) {
        open.remove(connectionId);
    }

    boolean isOpen(String connectionId) {
        Channel c = open.get(connectionId);
        return c != null && c.isActive();
    }

    /** Closes the socket as API Gateway's {@code DELETE @connections/{id}} does; false when already gone. */
    boolean close(String connectionId) {
        Channel c = open.remove(connectionId);
        if (c == null) {
            return false;
        }
        c.close();
        return true;
    }

    @Override
    public Result push(String connectionId, String text) {
        Channel c = open.get(connectionId);
        if (c == null || !c.isActive()) {
            return Result.GONE;
        }
        var write = c.writeAndFlush(new TextWebSocketFrame(text));
        if (!write.awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "local WebSocket write timed out");
        }
        return write.isSuccess() ? Result.OK : Result.GONE;
    }

    int size() {
        return open.size();
    }
}
