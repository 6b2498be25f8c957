package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;

/** Handles the decrypted stanzas of one connection; runs on that connection's sequential executor. */
interface StanzaHandler {
    /** One stanza from the client. */
    void onNode(Node node);

    /** The connection is gone; fail whatever waits on it. */
    default void onClosed() {}
}
