package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per linked device, the stanzas waiting for its next active login: ones a connection did not get acked before it
 * ended (kept with their ids, first in line) and ones pushed while the device was offline or passive. Thread-safe.
 */
final class OfflineQueues {
    private final Map<Integer, Deque<Node>> queues = new HashMap<>();

    /** Queues a stanza behind what is already waiting. */
    synchronized void add(int device, Node stanza) {
        queues.computeIfAbsent(device, d -> new ArrayDeque<>()).addLast(stanza);
    }

    /** Puts un-acked stanzas (in their order) in front of what is waiting, for redelivery with the same ids. */
    synchronized void requeue(int device, List<Node> unacked) {
        Deque<Node> queue = queues.computeIfAbsent(device, d -> new ArrayDeque<>());
        for (int i = unacked.size() - 1; i >= 0; i--) {
            queue.addFirst(unacked.get(i));
        }
    }

    /** Removes and returns everything waiting for the device. */
    synchronized List<Node> take(int device) {
        Deque<Node> queue = queues.remove(device);
        return queue == null ? List.of() : new ArrayList<>(queue);
    }

    /** Waiting stanzas per device id (devices with none left out). */
    synchronized Map<Integer, Integer> sizes() {
        Map<Integer, Integer> sizes = new TreeMap<>();
        queues.forEach((device, queue) -> {
            if (!queue.isEmpty()) {
                sizes.put(device, queue.size());
            }
        });
        return sizes;
    }
}
