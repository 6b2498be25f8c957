package io.zapgate.wa.client;

/** Our own availability, sent with {@link WaClient#sendPresence(Presence)} as {@code <presence type=…>}. */
public enum Presence {
    /** Online: the phone stops getting push notifications while a companion is available. */
    AVAILABLE("available"),
    /** Offline. */
    UNAVAILABLE("unavailable");

    private final String wire;

    Presence(String wire) {
        this.wire = wire;
    }

    /** @return the {@code type} attribute value */
    public String wireValue() {
        return wire;
    }
}
